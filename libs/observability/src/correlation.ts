import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line and outgoing message of one unit of work carries. */
export type CorrelationContext = Readonly<{ correlationId: string }>;

const storage = new AsyncLocalStorage<CorrelationContext>();

/** Runs `work` with the correlation id visible to everything it calls, sync or async. */
export const runWithCorrelationId = <T>(correlationId: string, work: () => T): T =>
  storage.run({ correlationId }, work);

export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;

// A caller-supplied id ends up in every log line and message header, so only a short, plain
// token is accepted; anything else is replaced rather than echoed.
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id when it is acceptable, otherwise a fresh one. */
export const correlationIdFrom = (
  headerValue: string | string[] | undefined,
  newId: () => string = randomUUID,
): string => {
  const candidate = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  return candidate !== undefined && ACCEPTABLE_CORRELATION_ID.test(candidate) ? candidate : newId();
};
