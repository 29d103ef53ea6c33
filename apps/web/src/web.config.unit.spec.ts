import { describe, expect, it } from '@jest/globals';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { loadWebConfig } from './web.config.js';

const LOCAL = {
  ORDER_SERVICE_URL: 'http://127.0.0.1:3001',
  INVENTORY_URL: 'http://127.0.0.1:3002',
  REALTIME_GATEWAY_PUBLIC_URL: 'http://127.0.0.1:3006',
  ACCESS_TOKEN_SECRET: LOCAL_INFRA.accessTokenSecret,
  OPERATOR_TOKEN: LOCAL_INFRA.operatorToken,
  SERVICE_TOKEN: LOCAL_INFRA.serviceToken,
};

describe("web's chaos lab setting", () => {
  it('given nothing, then the console cannot start the chaos lab', () => {
    expect(loadWebConfig(LOCAL).CHAOS_LAB).toBe(false);
  });

  it('given CHAOS_LAB=1 on a local stack, then the console may start it', () => {
    expect(loadWebConfig({ ...LOCAL, CHAOS_LAB: '1' }).CHAOS_LAB).toBe(true);
  });

  it('given CHAOS_LAB=1 in production, then web refuses to start and names the variable', () => {
    expect(() => loadWebConfig({ ...LOCAL, CHAOS_LAB: '1', NODE_ENV: 'production' })).toThrow(
      /CHAOS_LAB="1".*never production/,
    );
  });

  it('given CHAOS_LAB=yes, then web refuses to start and says what it takes', () => {
    expect(() => loadWebConfig({ ...LOCAL, CHAOS_LAB: 'yes' })).toThrow(
      /CHAOS_LAB.*must be 0 or 1/,
    );
  });
});
