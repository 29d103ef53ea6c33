import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@pattern-shop/platform';
import { loadPaymentProviderConfig } from './payment-provider.config.js';

const tokens = {
  OPERATOR_TOKEN: 'an-operator-token-of-some-length',
  SERVICE_TOKEN: 'a-service-token-of-some-length',
};

describe('payment-provider configuration: test mode (x-simulate-* headers)', () => {
  it('given no setting, then test mode is on in development and off in production', () => {
    expect(loadPaymentProviderConfig({ ...tokens }).PAYMENT_PROVIDER_TEST_MODE).toBe(true);
    expect(
      loadPaymentProviderConfig({ ...tokens, NODE_ENV: 'production' }).PAYMENT_PROVIDER_TEST_MODE,
    ).toBe(false);
  });

  it('given test mode switched on in production, then the start is refused, naming the variable', () => {
    const load = () =>
      loadPaymentProviderConfig({
        ...tokens,
        NODE_ENV: 'production',
        PAYMENT_PROVIDER_TEST_MODE: 'true',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PAYMENT_PROVIDER_TEST_MODE=true .* never in production/);
  });

  it('given test mode on in production and another bad setting, then both are named at once', () => {
    const load = () =>
      loadPaymentProviderConfig({ NODE_ENV: 'production', PAYMENT_PROVIDER_TEST_MODE: 'true' });
    expect(load).toThrow(/OPERATOR_TOKEN is required.*PAYMENT_PROVIDER_TEST_MODE=true/);
  });

  it('given test mode switched off in development, then it is off; a value not true/false is refused', () => {
    const off = loadPaymentProviderConfig({ ...tokens, PAYMENT_PROVIDER_TEST_MODE: 'false' });
    expect(off.PAYMENT_PROVIDER_TEST_MODE).toBe(false);
    expect(() =>
      loadPaymentProviderConfig({ ...tokens, PAYMENT_PROVIDER_TEST_MODE: 'maybe' }),
    ).toThrow(/PAYMENT_PROVIDER_TEST_MODE="maybe" must be true or false/);
  });
});
