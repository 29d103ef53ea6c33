import { describe, expect, it } from '@jest/globals';
import { peerConfigFrom } from './peer-config.js';

const valid = {
  PORT: '3090',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  PAYMENT_PROVIDER_URL: 'http://127.0.0.1:3007',
  PEER_SCHEMA: 'checkout_peer',
  PEER_DBOS_SCHEMA: 'checkout_peer_dbos',
};

describe('the checkout peer configuration', () => {
  it('given every variable, then typed settings with defaults for the optional ones', () => {
    expect(peerConfigFrom(valid)).toEqual({
      port: 3090,
      databaseUrl: valid.DATABASE_URL,
      paymentProviderUrl: valid.PAYMENT_PROVIDER_URL,
      schema: 'checkout_peer',
      dbosSchema: 'checkout_peer_dbos',
      poolSize: 10,
      logLevel: 'warn',
    });
  });

  it('given a schema name that would need quoting, then the start stops naming the variable', () => {
    expect(() => peerConfigFrom({ ...valid, PEER_SCHEMA: 'orders; DROP TABLE x' })).toThrow(
      /PEER_SCHEMA: must be a plain lower-case name/,
    );
  });

  it('given no DATABASE_URL, then the start stops naming it', () => {
    const { DATABASE_URL: _, ...rest } = valid;
    expect(() => peerConfigFrom(rest)).toThrow(/DATABASE_URL/);
  });
});
