import { DataSource } from 'typeorm';
import { SERVICES } from '@pattern-shop/contracts';
import { createLogger, type Logger } from '@pattern-shop/observability';
import { dataSourceOptions } from '@pattern-shop/persistence';
import { ConfigError } from '@pattern-shop/platform';
import {
  type AnalyticsServiceConfig,
  loadAnalyticsServiceConfig,
} from './analytics-service.config.js';
import { ANALYTICS_MIGRATIONS } from './persistence/migrations/index.js';

const local = (service: keyof typeof SERVICES) => `http://127.0.0.1:${SERVICES[service].port}`;

/**
 * What the command-line tools (replay, batch jobs) use for a setting the environment does not
 * give: the local development stack of infra/local, as the service runs there. Development-only
 * credentials; production settings always come from the environment.
 */
const LOCAL_DEFAULTS = {
  DATABASE_URL: 'postgres://analytics_service:analytics_service_dev@127.0.0.1:5432/analytics',
  KAFKA_BROKERS: '127.0.0.1:9092',
  KAFKA_USERNAME: 'analytics-service',
  KAFKA_PASSWORD: 'analytics-service_dev',
  ORDER_SERVICE_URL: local('order-service'),
  PAYMENT_SERVICE_URL: local('payment-service'),
  PAYMENT_PROVIDER_URL: local('payment-provider'),
  INVENTORY_URL: local('inventory-service'),
  OPERATOR_TOKEN: 'local-development-only-operator-token',
  SERVICE_TOKEN: 'local-development-only-service-token',
} as const;

export type CommandLineContext = Readonly<{
  config: AnalyticsServiceConfig;
  logger: Logger;
  dataSource: DataSource;
}>;

/** Validated settings, a JSON logger on stderr, and the database with migrations applied. */
export const openCommandLineContext = async (
  name: string,
  poolMax: number,
): Promise<CommandLineContext> => {
  const config = loadAnalyticsServiceConfig({
    ...LOCAL_DEFAULTS,
    LOG_LEVEL: 'warn',
    ...process.env,
  });
  const logger = createLogger(name, config.LOG_LEVEL, process.stderr);
  const options = dataSourceOptions({
    url: config.DATABASE_URL,
    applicationName: name,
    migrations: ANALYTICS_MIGRATIONS,
    pool: { max: poolMax },
  });
  return { config, logger, dataSource: await new DataSource(options).initialize() };
};

/**
 * Runs a command's main and exits with its code; an error that escapes exits 78 for bad
 * settings (naming the variable) and 1 otherwise, with what went wrong on stderr.
 */
export const exitWith = (main: () => Promise<number>, failure: string): void => {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message =
        error instanceof ConfigError
          ? error.message
          : error instanceof Error
            ? error.stack
            : String(error);
      process.stderr.write(`${failure}: ${message}\n`);
      process.exit(error instanceof ConfigError ? 78 : 1);
    },
  );
};
