import type { EntityManager } from 'typeorm';
import { type CheckoutSagaStatus, fromStoredState } from '@pattern-shop/checkout-saga';
import {
  listSagaRows,
  readSagaRow,
  readSteps,
  type SagaRow,
  type SagaStep,
} from '../persistence/checkout-saga-queries.js';

/** What an operator sees of one saga: its state, every step and how long each took. */
export type SagaView = Readonly<{
  orderId: string;
  status: CheckoutSagaStatus;
  orderStatus: string;
  version: number;
  paymentId: string | null;
  cancellationReason: string | null;
  compensationAttempts: number;
  lastCompensationFailure: string | null;
  deadlineAt: string | null;
  startedAt: string;
  updatedAt: string;
  /** From the start to the last step, in milliseconds. */
  elapsedMs: number;
  steps: ReadonlyArray<SagaStep & { afterMs: number }>;
}>;

const viewOf = (row: SagaRow, steps: readonly SagaStep[]): SagaView => {
  const state = fromStoredState(row.state);
  const started = state.startedAt.getTime();
  const last = steps.at(-1);
  return {
    orderId: state.orderId,
    status: state.status,
    orderStatus: state.orderStatus,
    version: row.version,
    paymentId: state.paymentId ?? null,
    cancellationReason: state.cancellationReason ?? null,
    compensationAttempts: state.compensationAttempts,
    lastCompensationFailure: state.lastCompensationFailure ?? null,
    deadlineAt: state.deadlineAt?.toISOString() ?? null,
    startedAt: state.startedAt.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    elapsedMs: last === undefined ? 0 : Date.parse(last.at) - started,
    steps: steps.map((step) => ({ ...step, afterMs: Date.parse(step.at) - started })),
  };
};

export const readSagaView = async (
  db: EntityManager,
  orderId: string,
): Promise<SagaView | undefined> => {
  const row = await readSagaRow(db, orderId);
  return row === undefined ? undefined : viewOf(row, await readSteps(db, orderId));
};

/** Sagas in one state, most recently changed first, without their step logs. */
export const listSagaViews = async (
  db: EntityManager,
  status: CheckoutSagaStatus,
  limit: number,
): Promise<Array<Omit<SagaView, 'steps'>>> => {
  const rows = await listSagaRows(db, status, limit);
  return rows.map((row) => {
    const { steps: _steps, ...summary } = viewOf(row, []);
    return summary;
  });
};
