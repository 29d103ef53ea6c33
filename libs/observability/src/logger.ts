import type { LoggerService } from '@nestjs/common';
import { pino, type Logger, type LevelWithSilent } from 'pino';
import { currentCorrelationId } from './correlation.js';
import { REDACTED, SECRET_LOG_PATHS } from './redaction.js';
import { activeTraceIds } from './tracing.js';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number] & LevelWithSilent;

/**
 * One JSON line per event, with the service name and, when there is one, the correlation id and
 * the trace id of the work in progress, so one order can be followed across every service's logs
 * and from a log line to its trace.
 */
export const createLogger = (
  service: string,
  level: LogLevel = 'info',
  // Synchronous writes: a line logged just before a crash or exit is never lost.
  destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true }),
): Logger =>
  pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A credential logged by mistake (a token field, an Authorization header) never reaches the file.
      redact: { paths: SECRET_LOG_PATHS, censor: REDACTED },
      // The trace ids join a log line to its trace (tracing.ts); absent when tracing is off.
      mixin: () => {
        const correlationId = currentCorrelationId();
        return {
          ...(correlationId === undefined ? {} : { correlationId }),
          ...activeTraceIds(),
        };
      },
    },
    destination,
  );

/** Lets NestJS's own messages (start-up, routes, errors) go out as the same JSON lines. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    const stack = context === undefined ? undefined : stackOrContext;
    this.logger.error({ context: context ?? stackOrContext, stack }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }

  fatal(message: unknown, context?: string): void {
    this.logger.fatal({ context }, String(message));
  }
}
