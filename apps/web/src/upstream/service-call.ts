import { ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { currentCorrelationId } from '@pattern-shop/observability';

/** The services web asks; the page names the one that is down. */
export type Upstream = 'order-service' | 'inventory-service' | ConsoleUpstream;

/** What the operations console asks besides (console/): the provider's knobs, Prometheus. */
export type ConsoleUpstream = 'payment-provider' | 'prometheus';

export type UpstreamAnswer = Readonly<{
  status: number;
  contentType: string;
  body: unknown;
  /** The service's Retry-After (a 429 from a rate limit): when the page may try again. */
  retryAfter?: string;
}>;

export type ServiceCall = (
  upstream: Upstream,
  path: string,
  init?: Readonly<{
    method?: 'GET' | 'POST' | 'PUT';
    headers?: Record<string, string>;
    body?: unknown;
  }>,
) => Promise<UpstreamAnswer>;

/** The problem type of "this service did not answer"; the page reads the service from it. */
export const unavailableProblemType = (upstream: Upstream): string =>
  `https://pattern-shop.dev/problems/unavailable/${upstream}`;

/**
 * One HTTP call to a service with a timeout and the request's correlation id. A service that
 * cannot be reached, or answers 5xx, becomes a 503 that names it, so the page can say which
 * part of the shop is down instead of a generic error.
 */
export const serviceCall =
  (urls: Readonly<Record<Upstream, string>>, timeoutMs: number): ServiceCall =>
  async (upstream, path, init = {}) => {
    const correlationId = currentCorrelationId();
    let response: globalThis.Response;
    try {
      response = await fetch(`${urls[upstream]}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(correlationId === undefined ? {} : { 'x-correlation-id': correlationId }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw unavailable(upstream, error instanceof Error ? error.message : String(error));
    }
    if (response.status >= 500) throw unavailable(upstream, `it answered ${response.status}`);
    const contentType = response.headers.get('content-type') ?? 'application/json';
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    return { status: response.status, contentType, body: await response.json(), retryAfter };
  };

const unavailable = (upstream: Upstream, reason: string) =>
  new ServiceUnavailableException({
    error: 'Service Unavailable',
    type: unavailableProblemType(upstream),
    message: `${upstream} is unavailable (${reason}); the page retries by itself`,
  });

/** Sends a service's answer on unchanged: its status, body, problem+json type and Retry-After. */
export const relay = (answer: UpstreamAnswer, response: Response): unknown => {
  response.status(answer.status).type(answer.contentType);
  if (answer.retryAfter !== undefined) response.setHeader('Retry-After', answer.retryAfter);
  return answer.body;
};

export const SERVICE_CALL = Symbol('SERVICE_CALL');
