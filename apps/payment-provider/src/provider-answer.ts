import type { Request, Response } from 'express';
import { currentCorrelationId } from '@pattern-shop/observability';

/** An HTTP answer decided by a handler, sent by its controller. */
export type ProviderAnswer = Readonly<{ status: number; body: Readonly<Record<string, unknown>> }>;

/**
 * An RFC 9457 problem. The provider answers its errors itself rather than by throwing: a
 * simulated 503 is the knob working, not a fault to log with a stack trace.
 */
export const problem = (
  status: number,
  name: string,
  title: string,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
): ProviderAnswer => ({
  status,
  body: { type: `https://pattern-shop.dev/problems/${name}`, title, status, detail, ...extensions },
});

/** Sets status and content type; the controller returns the body (`@Res({ passthrough: true })`). */
export const answerWith = (
  request: Request,
  response: Response,
  { status, body }: ProviderAnswer,
): Readonly<Record<string, unknown>> => {
  if (status < 400) {
    response.status(status);
    return body;
  }
  response.status(status).type('application/problem+json');
  return { ...body, instance: request.path, correlationId: currentCorrelationId() };
};
