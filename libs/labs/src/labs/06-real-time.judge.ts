import { failed, type Grade, passed } from '../lab.js';
import type { SilentEdgeRun } from '../system/silent-edge.js';

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Lab 6's verdict: did every page end on its order's true status, by noticing the silence? */
export const judgeSilentEdge = (run: SilentEdgeRun): Grade => {
  const { pages, counted } = run;
  const figures = [
    `${pages.length} pages through browsers.realtime-gateway, silent for ${secs(run.silentMs)}; the gateway ${run.heartbeats ? 'sends heartbeats' : 'runs no-heartbeat'}`,
    ...pages.map(
      (p) =>
        `page ${p.page}: order ${p.orderId} is ${p.truth ?? 'unknown'} at order-service, the page shows ${p.shown ?? 'nothing'}; its connection ended ${p.drops} time(s)${p.resubscribed ? ', then it resubscribed' : ''}`,
    ),
    `realtime-gateway counted: realtime_reconnects_total +${counted.reconnects}, realtime_heartbeat_failures_total{detected_by="client"} +${counted.clientDetected}, {detected_by="gateway"} +${counted.gatewayDetected}`,
  ];
  if (pages.length === 0) return failed(figures, ['the probe opened no page']);
  const stale = pages.filter((p) => p.shown !== p.truth);
  const unnoticed = pages.filter((p) => p.drops === 0);
  if (stale.length > 0 && unnoticed.length === pages.length)
    return failed(figures, [
      `${stale.length} of ${pages.length} pages still show ${stale[0]?.shown ?? 'nothing'} though order-service has ${stale[0]?.truth ?? 'moved on'}: the link was silent for ${secs(run.silentMs)} and no connection ended, so no page resubscribed or refetched, and the pushes lost in the silence stay lost`,
      'nothing on either end noticed the silence: a silent connection looks alive without a heartbeat',
    ]);
  if (stale.length > 0)
    return failed(figures, [
      `${stale.length} of ${pages.length} pages are stale: ${unnoticed.length} never noticed the silence, the others did not catch up in time`,
    ]);
  if (unnoticed.length > 0)
    return failed(figures, [
      `every page shows the true status, but ${unnoticed.length} never noticed the silence: were the orders decided before it began? Check again`,
    ]);
  if (counted.reconnects < pages.length)
    return failed(figures, [
      `the pages say they came back, but realtime-gateway counted ${counted.reconnects} reconnects for ${pages.length} pages`,
    ]);
  return passed(figures, [
    `every page shows its order's final status: each noticed the silence, reconnected with backoff once the link passed data again (the gateway counted ${counted.reconnects} reconnects), resubscribed and refetched what it had missed`,
  ]);
};
