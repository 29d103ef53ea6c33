import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import {
  CHECKOUT_SAGA_STATUSES,
  type CheckoutSagaStatus,
  type Transition,
} from '@pattern-shop/checkout-saga';

/**
 * What an operator of the saga watches: how many sagas sit in each state (read from the table at
 * scrape time, so it is right whichever instance did the work), transitions, deadlines that
 * fired, time to a final state, and the age of the oldest saga still in flight. `checkout_sagas{state="COMPENSATION_FAILED"} > 0` is the alert:
 * a person must act (CheckoutSagaParked in infra/prometheus/rules/checkout-saga.yml).
 */
export class CheckoutSagaMetrics {
  private readonly transitions: Counter<'from' | 'to'>;
  private readonly deadlines: Counter<'status'>;
  private readonly repairs: Counter<'result'>;
  private readonly duration: Histogram<'outcome'>;

  constructor(
    registry: Registry,
    countByStatus: () => Promise<Partial<Record<CheckoutSagaStatus, number>>>,
    oldestInFlightSeconds: () => Promise<number> = async () => 0,
  ) {
    const registers = [registry];
    new Gauge({
      name: 'checkout_sagas',
      help: 'Checkout sagas by state; COMPENSATION_FAILED ones wait for a person.',
      labelNames: ['state'],
      registers,
      async collect() {
        const counts = await countByStatus().catch(() => undefined);
        if (counts === undefined) return; // keep the last figures when the database is away
        for (const state of CHECKOUT_SAGA_STATUSES) this.set({ state }, counts[state] ?? 0);
      },
    });
    new Gauge({
      name: 'checkout_saga_oldest_in_flight_age_seconds',
      help: 'Age of the oldest saga still waiting on a step (CHARGING, VOIDING, RESERVING, REFUNDING); 0 when none waits.',
      registers,
      async collect() {
        const age = await oldestInFlightSeconds().catch(() => undefined);
        if (age !== undefined) this.set(age);
      },
    });
    this.transitions = new Counter({
      name: 'checkout_saga_transitions_total',
      help: 'State changes of checkout sagas.',
      labelNames: ['from', 'to'],
      registers,
    });
    this.deadlines = new Counter({
      name: 'checkout_saga_deadlines_total',
      help: 'Step deadlines that passed, by the state the saga was waiting in.',
      labelNames: ['status'],
      registers,
    });
    // Zeroed up front: a rate over them is defined before the first deadline passes.
    for (const status of ['CHARGING', 'VOIDING', 'RESERVING', 'REFUNDING']) {
      this.deadlines.inc({ status }, 0);
    }
    this.repairs = new Counter({
      name: 'checkout_saga_repairs_total',
      help: 'Operator repairs of cancelled orders (POST /sagas/:orderId/repair): started or refused.',
      labelNames: ['result'],
      registers,
    });
    for (const result of ['started', 'refused']) this.repairs.inc({ result }, 0);
    this.duration = new Histogram({
      name: 'checkout_saga_duration_seconds',
      help: 'From the order placed to the saga reaching CONFIRMED or CANCELLED.',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
  }

  recorded(transition: Transition, previous: CheckoutSagaStatus | null, now: Date): void {
    const { status, startedAt } = transition.state;
    if (previous !== status) {
      this.transitions.inc({ from: previous ?? 'NONE', to: status });
      if (status === 'CONFIRMED' || status === 'CANCELLED') {
        this.duration.observe({ outcome: status }, (now.getTime() - startedAt.getTime()) / 1_000);
      }
    }
  }

  repairRequested(result: 'started' | 'refused'): void {
    this.repairs.inc({ result });
  }

  deadlinePassed(status: CheckoutSagaStatus): void {
    this.deadlines.inc({ status });
  }
}
