import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';
import { CORRELATION_ID_HTTP_HEADER } from '@pattern-shop/contracts';
import { correlationIdFrom, runWithCorrelationId } from './correlation.js';
import type { Logger } from './logger.js';

export type HttpObservabilityOptions = Readonly<{
  logger: Logger;
  requestDuration: Histogram<string>;
  /** Paths polled by probes and scrapers: measured, but not logged, to keep logs readable. */
  quietPaths?: readonly string[];
}>;

/**
 * Express middleware: gives each request a correlation id (the caller's `x-correlation-id` or a
 * new one), echoes it back, and records one duration sample and one log line per request.
 */
export const httpObservability = ({
  logger,
  requestDuration,
  quietPaths = ['/health/live', '/health/ready', '/metrics'],
}: HttpObservabilityOptions) =>
  function observeRequest(req: Request, res: Response, next: NextFunction): void {
    const correlationId = correlationIdFrom(req.headers[CORRELATION_ID_HTTP_HEADER]);
    const started = process.hrtime.bigint();
    res.setHeader(CORRELATION_ID_HTTP_HEADER, correlationId);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The route template, not the raw URL, keeps the label set small: /orders/:id, not ids.
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      requestDuration.observe(
        { method: req.method, route, status_code: String(res.statusCode) },
        seconds,
      );
      if (!quietPaths.includes(req.path)) {
        runWithCorrelationId(correlationId, () =>
          logger.info(
            {
              method: req.method,
              path: req.path,
              status: res.statusCode,
              durationMs: seconds * 1e3,
            },
            'request completed',
          ),
        );
      }
    });
    runWithCorrelationId(correlationId, next);
  };
