import type { ConnectionEvent } from '@pattern-shop/realtime-client';

/** What the order page shows about its live connection to realtime-gateway. */
export type ConnectionState =
  | Readonly<{ kind: 'connecting'; attempt: number }>
  | Readonly<{ kind: 'connected' }>
  | Readonly<{ kind: 'reconnecting'; retryAt: number }>
  /** Back after a loss, resubscribed, and the order refetched: nothing missed is shown stale. */
  | Readonly<{ kind: 'resynced'; at: number }>
  | Readonly<{ kind: 'refused'; message: string }>;

export type ConnectionMemory = Readonly<{ state: ConnectionState; lostOnce: boolean }>;

export const initialConnection: ConnectionMemory = {
  state: { kind: 'connecting', attempt: 1 },
  lostOnce: false,
};

/** The next state after one event of the realtime client; pure, so the page only renders it. */
export const nextConnection = (
  memory: ConnectionMemory,
  event: ConnectionEvent,
): ConnectionMemory => {
  switch (event.type) {
    case 'connecting':
      return memory.state.kind === 'reconnecting'
        ? { ...memory, state: { kind: 'connecting', attempt: event.attempt } }
        : memory;
    case 'subscribed':
      return {
        ...memory,
        state: memory.lostOnce ? { kind: 'resynced', at: event.at } : { kind: 'connected' },
      };
    case 'reconnect-scheduled':
      return { lostOnce: true, state: { kind: 'reconnecting', retryAt: event.at + event.delayMs } };
    case 'refused':
      return event.orderId === undefined
        ? { ...memory, state: { kind: 'refused', message: event.error.message } }
        : memory;
    default:
      return memory;
  }
};

export const describeConnection = (state: ConnectionState, now: number): string => {
  switch (state.kind) {
    case 'connecting':
      return state.attempt > 1 ? `reconnecting (attempt ${state.attempt})…` : 'connecting…';
    case 'connected':
      return 'connected: live';
    case 'reconnecting':
      return `reconnecting in ${Math.max(0, Math.ceil((state.retryAt - now) / 1000))} s`;
    case 'resynced':
      return `resynced at ${new Date(state.at).toLocaleTimeString()}: live again`;
    case 'refused':
      return `refused: ${state.message}`;
  }
};
