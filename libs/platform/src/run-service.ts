import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppName } from '@pattern-shop/contracts';
import {
  createHttpRequestDuration,
  createLogger,
  createMetricsRegistry,
  httpObservability,
  NestPinoLogger,
  type Logger,
  type Registry,
  shutdownTracing,
} from '@pattern-shop/observability';
import { limitRequestBodies, withBodyLimit } from './body-limit.js';
import { type BaseConfig, ConfigError } from './config.js';
import { weakMechanismsWarning } from './weak-mechanisms.js';
import { scopedRoutesOf, withScopedSecurity } from './openapi/scoped-routes.js';
import { serveApiDocs } from './openapi/serve-api-docs.js';

export type ServiceContext<C> = Readonly<{ config: C; logger: Logger; metrics: Registry }>;

export type ServiceDefinition<C extends BaseConfig> = Readonly<{
  name: AppName;
  loadConfig: (env: NodeJS.ProcessEnv) => C;
  appModule: (context: ServiceContext<C>) => DynamicModule;
  /** The service's OpenAPI document, served at /docs-json and rendered at /docs. */
  openApi?: () => Record<string, unknown>;
}>;

/**
 * Starts one service: validated configuration first (a bad value stops the start with a message
 * naming the variable), then the Nest application with JSON logs, request metrics, correlation
 * ids, a body size limit, and graceful shutdown on SIGTERM/SIGINT.
 */
export const runService = async <C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<INestApplication | undefined> => {
  const config = loadConfigOrExit(definition, env);
  if (config === undefined) return undefined;
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  if (config.WEAK_MECHANISMS !== undefined && config.WEAK_MECHANISMS.length > 0) {
    const { fields, message } = weakMechanismsWarning(config.WEAK_MECHANISMS);
    logger.warn(fields, message);
  }
  try {
    const metrics = createMetricsRegistry(definition.name);
    const app = await NestFactory.create<NestExpressApplication>(
      definition.appModule({ config, logger, metrics }),
      // Nest's own parsers (100 kB, implicit) are replaced by limitRequestBodies' explicit limit.
      { logger: new NestPinoLogger(logger), abortOnError: false, bodyParser: false },
    );
    // Advertising the framework helps attackers, not clients.
    app.getHttpAdapter().getInstance().disable('x-powered-by');
    if (definition.openApi !== undefined) {
      // Who may call what comes from the routes' own guards, never from a hand-written list.
      const document = withBodyLimit(withScopedSecurity(definition.openApi(), scopedRoutesOf(app)));
      serveApiDocs(app, document);
    }
    app.use(httpObservability({ logger, requestDuration: createHttpRequestDuration(metrics) }));
    // After observability, so a refused body is still logged and counted with its correlation id.
    limitRequestBodies(app, config.HTTP_MAX_BODY_BYTES);
    closeGracefullyOnSignal(app, logger);
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

/** How long in-flight work gets to finish after SIGTERM before the process gives up. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * On SIGTERM or SIGINT: stop taking requests, let modules close their connections (Nest's
 * shutdown hooks), then exit 0. A shutdown that hangs is cut off with exit code 1.
 */
const closeGracefullyOnSignal = (app: INestApplication, logger: Logger): void => {
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: no new requests, closing connections');
    setTimeout(() => {
      logger.error({ graceMs: SHUTDOWN_GRACE_MS }, 'graceful shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    await app.close();
    await shutdownTracing(); // the last spans out, at most 2 s; nothing when tracing is off
    logger.info({ signal }, 'shut down cleanly');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void close(signal));
  process.once('SIGINT', (signal) => void close(signal));
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
