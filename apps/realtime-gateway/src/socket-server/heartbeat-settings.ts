import type { RealtimeGatewayConfig } from '../realtime-gateway.config.js';

/**
 * socket.io's ping interval and timeout under `no-heartbeat`: an hour each, far past any run, yet
 * under the 2^31-1 ms a Node timer can hold (the client arms one for interval + timeout, and a
 * longer one would fire at once).
 */
export const NO_HEARTBEAT_PING_MS = 3_600_000;

export type HeartbeatSettings = Readonly<{
  pingIntervalMs: number;
  pingTimeoutMs: number;
  /** undefined: no application heartbeat at all (the weak variant `no-heartbeat`). */
  heartbeatIntervalMs: number | undefined;
}>;

/**
 * Both heartbeats as configured, or, with the weak variant `no-heartbeat` (docs/chaos.md), none
 * that could find a dead connection within a run: no `heartbeat` event, and a ping so rare that
 * neither socket.io's server nor its client (which times out at the server's interval + timeout,
 * learnt in the handshake) gives up on a silent link.
 */
export const heartbeatSettings = (
  config: Pick<
    RealtimeGatewayConfig,
    | 'SOCKET_PING_INTERVAL_MS'
    | 'SOCKET_PING_TIMEOUT_MS'
    | 'HEARTBEAT_INTERVAL_MS'
    | 'WEAK_MECHANISMS'
  >,
): HeartbeatSettings =>
  config.WEAK_MECHANISMS.includes('no-heartbeat')
    ? {
        pingIntervalMs: NO_HEARTBEAT_PING_MS,
        pingTimeoutMs: NO_HEARTBEAT_PING_MS,
        heartbeatIntervalMs: undefined,
      }
    : {
        pingIntervalMs: config.SOCKET_PING_INTERVAL_MS,
        pingTimeoutMs: config.SOCKET_PING_TIMEOUT_MS,
        heartbeatIntervalMs: config.HEARTBEAT_INTERVAL_MS,
      };
