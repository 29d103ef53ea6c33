import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@pattern-shop/platform';
import { loadAnalyticsServiceConfig } from './analytics-service.config.js';

const required = {
  DATABASE_URL: 'postgres://analytics_service:secret@127.0.0.1:5432/analytics',
  KAFKA_BROKERS: '127.0.0.1:9092',
  KAFKA_USERNAME: 'analytics-service',
  KAFKA_PASSWORD: 'a-kafka-password',
  ORDER_SERVICE_URL: 'http://127.0.0.1:3001',
  PAYMENT_SERVICE_URL: 'http://127.0.0.1:3003',
  PAYMENT_PROVIDER_URL: 'http://127.0.0.1:3007',
  INVENTORY_URL: 'http://127.0.0.1:3002',
  OPERATOR_TOKEN: 'an-operator-token-of-16-or-more',
  SERVICE_TOKEN: 'a-service-token-of-16-or-more',
};

describe('analytics-service configuration: the nightly jobs', () => {
  it('given only the required settings, then both jobs are scheduled nightly after 02:00 UTC', () => {
    const config = loadAnalyticsServiceConfig(required);

    expect(config.BATCH_JOBS_SCHEDULED).toBe(true);
    expect(config.RECONCILIATION_SCHEDULE).toBe('0 2 * * *');
    expect(config.SALES_REPORT_SCHEDULE).toBe('15 2 * * *');
  });

  it('given BATCH_JOBS_SCHEDULED=false, then the schedule is off (a CronJob runs the command)', () => {
    expect(
      loadAnalyticsServiceConfig({ ...required, BATCH_JOBS_SCHEDULED: 'false' }),
    ).toMatchObject({
      BATCH_JOBS_SCHEDULED: false,
    });
  });

  it.each([
    ['RECONCILIATION_SCHEDULE', 'nightly'],
    ['RECONCILIATION_SCHEDULE', '0 25 * * *'],
    ['SALES_REPORT_SCHEDULE', '* * *'],
    ['BATCH_JOBS_SCHEDULED', 'yes'],
    ['ORDER_SERVICE_URL', 'ftp://orders'],
    ['OPERATOR_TOKEN', 'short'],
    ['SERVICE_TOKEN', 'short'],
  ])('given %s=%j, then the start fails naming the variable', (name, value) => {
    const load = () => loadAnalyticsServiceConfig({ ...required, [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(name));
  });

  it.each(['INVENTORY_URL', 'PAYMENT_PROVIDER_URL', 'OPERATOR_TOKEN', 'SERVICE_TOKEN'])(
    'given no %s, then the start fails naming it',
    (name) => {
      const { [name as keyof typeof required]: _left, ...rest } = required;
      expect(() => loadAnalyticsServiceConfig(rest)).toThrow(new RegExp(name));
    },
  );
});
