import { readSample } from './metrics.js';

/** What realtime-gateway counted (its /metrics), read before and after a probe. */
export type GatewayCounts = Readonly<{
  reconnects: number;
  clientDetected: number;
  gatewayDetected: number;
}>;

export const gatewayCounts = async (): Promise<GatewayCounts> => {
  const failures = (by: string) =>
    readSample('realtime-gateway', 'realtime_heartbeat_failures_total', { detected_by: by });
  return {
    reconnects: await readSample('realtime-gateway', 'realtime_reconnects_total', {}),
    clientDetected: await failures('client'),
    gatewayDetected: await failures('gateway'),
  };
};

export const countsBetween = (before: GatewayCounts, after: GatewayCounts): GatewayCounts => ({
  reconnects: after.reconnects - before.reconnects,
  clientDetected: after.clientDetected - before.clientDetected,
  gatewayDetected: after.gatewayDetected - before.gatewayDetected,
});
