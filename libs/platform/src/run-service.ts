import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ServiceName } from '@pattern-shop/contracts';
import {
  createHttpRequestDuration,
  createLogger,
  createMetricsRegistry,
  httpObservability,
  NestPinoLogger,
  type Logger,
  type Registry,
} from '@pattern-shop/observability';
import { type BaseConfig, ConfigError } from './config.js';

export type ServiceContext<C> = Readonly<{ config: C; logger: Logger; metrics: Registry }>;

export type ServiceDefinition<C extends BaseConfig> = Readonly<{
  name: ServiceName;
  loadConfig: (env: NodeJS.ProcessEnv) => C;
  appModule: (context: ServiceContext<C>) => DynamicModule;
}>;

/**
 * Starts one service: validated configuration first (a bad value stops the start with a message
 * naming the variable), then the Nest application with JSON logs, request metrics, correlation
 * ids, and graceful shutdown on SIGTERM/SIGINT.
 */
export const runService = async <C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<INestApplication | undefined> => {
  const config = loadConfigOrExit(definition, env);
  if (config === undefined) return undefined;
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  try {
    const metrics = createMetricsRegistry(definition.name);
    const app = await NestFactory.create(definition.appModule({ config, logger, metrics }), {
      logger: new NestPinoLogger(logger),
      abortOnError: false,
    });
    app.use(httpObservability({ logger, requestDuration: createHttpRequestDuration(metrics) }));
    app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    await app.listen(config.PORT, config.HOST);
    logger.info({ host: config.HOST, port: config.PORT }, `${definition.name} listening`);
    return app;
  } catch (error) {
    logger.fatal({ err: error }, `${definition.name} failed to start`);
    // Half-started clients (broker reconnect loops, pools) would keep the process alive as a
    // zombie that is neither serving nor restarting; exiting lets the supervisor restart it.
    process.exit(1);
  }
};

const loadConfigOrExit = <C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv,
): C | undefined => {
  try {
    return definition.loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Plain JSON on stderr: the logger's level comes from the configuration that just failed.
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', service: definition.name, msg: error.message, problems: error.problems })}\n`,
    );
    process.exitCode = 78; // EX_CONFIG from sysexits.h: "configuration error"
    return undefined;
  }
};
