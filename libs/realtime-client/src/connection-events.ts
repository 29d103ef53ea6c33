import type { RealtimeError } from './protocol.js';

/**
 * What the connection went through, with timestamps (the injected clock), for logs, metrics and
 * tests: e.g. the spread of `connecting` events across many clients shows the jitter.
 */
export type ConnectionEvent = ConnectionFact & Readonly<{ at: number }>;

export type ConnectionFact =
  | Readonly<{ type: 'connecting'; attempt: number }>
  | Readonly<{ type: 'connected'; attempt: number }>
  | Readonly<{ type: 'subscribed' }>
  | Readonly<{ type: 'disconnected'; reason: string }>
  | Readonly<{ type: 'heartbeat-missed'; silentMs: number }>
  | Readonly<{ type: 'reconnect-scheduled'; attempt: number; delayMs: number }>
  /** The gateway refused the token or a subscription; a refused token is not retried. */
  | Readonly<{ type: 'refused'; error: RealtimeError; orderId?: string }>
  | Readonly<{ type: 'refetch-failed'; orderId: string; reason: string }>
  /** A push not newer than what is shown: late, duplicated or out of order. */
  | Readonly<{ type: 'stale-push-ignored'; orderId: string; statusVersion: number }>;

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** A handshake refusal carries `{ code, message }` in `data` (socket.io middleware errors). */
export const refusalOf = (error: unknown): RealtimeError | undefined => {
  const data = (error as { data?: { code?: unknown; message?: unknown } } | undefined)?.data;
  return typeof data?.code === 'string' &&
    (data.code === 'unauthorized' || data.code === 'forbidden')
    ? { code: data.code, message: String(data.message ?? messageOf(error)) }
    : undefined;
};
