import type { DataSource } from 'typeorm';
import type { CheckoutSagaStatus } from '@pattern-shop/checkout-saga';
import type { CheckoutSagaRuntime } from './checkout-saga.runtime.js';
import { listSagaViews, readSagaView, type SagaView } from './saga-view.js';

/** A person's request to a saga: resume a parked one, or settle a cancelled order's money again. */
export type OperatorRequest = 'RetryRequested' | 'RepairRequested';

export type OperatorRequestOutcome =
  | Readonly<{ kind: 'accepted'; view: SagaView }>
  | Readonly<{ kind: 'unknown-saga' }>
  | Readonly<{ kind: 'refused'; reason: string }>;

/** The saga's operator use cases, without HTTP: reading sagas and applying a person's request. */
export class SagaAdminHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runtime: Pick<CheckoutSagaRuntime, 'advance'>,
  ) {}

  readSaga(orderId: string): Promise<SagaView | undefined> {
    return readSagaView(this.dataSource.manager, orderId);
  }

  listSagas(status: CheckoutSagaStatus, limit: number) {
    return listSagaViews(this.dataSource.manager, status, limit);
  }

  /** Advances the saga in its own transaction, then answers its state as it now stands. */
  async request(
    orderId: string,
    type: OperatorRequest,
    causationId: string,
  ): Promise<OperatorRequestOutcome> {
    const outcome = await this.dataSource.transaction((tx) =>
      this.runtime.advance(tx, orderId, { type }, causationId),
    );
    if (outcome.kind === 'unknown-saga') return outcome;
    if (outcome.kind === 'ignored') return { kind: 'refused', reason: outcome.reason };
    return { kind: 'accepted', view: (await this.readSaga(orderId)) as SagaView };
  }
}
