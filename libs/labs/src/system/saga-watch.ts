import { setTimeout as delay } from 'node:timers/promises';
import { appUrl, OPERATOR } from './addresses.js';

type SagaStep = Readonly<{
  input: string;
  from: string | null;
  to: string;
  note: string | null;
  afterMs: number;
}>;

export type SagaView = Readonly<{
  orderId: string;
  status: string;
  orderStatus: string;
  paymentId: string | null;
  compensationAttempts: number;
  lastCompensationFailure: string | null;
  steps: readonly SagaStep[];
}>;

/** The saga as operators see it (GET /sagas/:orderId on order-service); undefined when there is none. */
export const readSaga = async (orderId: string): Promise<SagaView | undefined> => {
  const response = await fetch(`${appUrl('order-service')}/sagas/${orderId}`, {
    headers: OPERATOR,
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET /sagas/${orderId}: ${response.status}`);
  return (await response.json()) as SagaView;
};

export const describeStep = (step: SagaStep): string =>
  `  +${(step.afterMs / 1000).toFixed(1).padStart(6)} s  ${step.input.padEnd(26)} ${step.from ?? '-'} -> ${step.to}${step.note ? `  (${step.note})` : ''}`;

/**
 * Prints each step of the saga as it happens until it reaches `until` (or, without it, a final
 * status), or `timeoutMs` passes; returns whether it got there.
 */
export const watchSaga = async (
  orderId: string,
  until: string | undefined,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  let shown = 0;
  const reached = (status: string) =>
    until === undefined ? status === 'CONFIRMED' || status === 'CANCELLED' : status === until;
  log(`saga of order ${orderId}, until ${until ?? 'CONFIRMED or CANCELLED'}:`);
  for (;;) {
    const saga = await readSaga(orderId);
    for (const step of saga?.steps.slice(shown) ?? []) log(describeStep(step));
    shown = saga?.steps.length ?? 0;
    if (saga !== undefined && reached(saga.status)) {
      log(`${saga.status} (order ${saga.orderStatus})`);
      return true;
    }
    if (Date.now() >= deadline) {
      log(`still ${saga?.status ?? 'not started'} after ${timeoutMs / 1000} s`);
      return false;
    }
    await delay(250);
  }
};
