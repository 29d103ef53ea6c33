import { Counter, Gauge, type Registry } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { type CheckoutSagaStatus, isWaiting } from '@pattern-shop/checkout-saga';
import type { Logger } from '@pattern-shop/observability';
import { InFlightLimit } from '@pattern-shop/resilience';
import { countSagasByStatus } from '../persistence/checkout-saga-queries.js';

export type AdmissionLimits = Readonly<{
  /** POST /orders being worked on at once; the next one is refused at once. */
  maxRequestsInFlight: number;
  /** Sagas waiting on a step; above it new orders are refused until the backlog drains. */
  maxSagasInFlight: number;
  /** How old the saga backlog's figure may grow while orders come before it is read again. */
  refreshMs: number;
}>;

export type Admission =
  | Readonly<{ admitted: true; release: () => void }>
  | Readonly<{
      admitted: false;
      reason: 'requests-in-flight' | 'saga-backlog';
      retryAfterSeconds: number;
    }>;

/**
 * Load shedding for POST /orders: a saturated order-service says so at once (503, Retry-After)
 * instead of queueing work it cannot finish in time. Two bounds: requests in flight (what holds
 * connections and CPU now) and sagas in flight (work accepted but not done: past this bound,
 * commands wait in queues longer than the saga's step deadlines allow).
 *
 * The backlog is read while orders come, never at rest: an order that finds the figure older
 * than `refreshMs` waits for a new read (those arriving meanwhile wait for the same one), so under
 * load it is read once per `refreshMs` and after a quiet spell the first order pays one count.
 */
export class OrderAdmission {
  private readonly requests: InFlightLimit;
  private sagasInFlight = 0;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;
  private readonly refused: Counter<'reason'>;

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly countSagasInFlight: () => Promise<number>,
    registry: Registry,
    private readonly logger: Logger,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.requests = new InFlightLimit(limits.maxRequestsInFlight);
    const registers = [registry];
    const requests = this.requests;
    new Gauge({
      name: 'order_admission_requests_in_flight',
      help: 'POST /orders being worked on now; at order_admission_max_requests_in_flight the next is refused.',
      registers,
      collect() {
        this.set(requests.inFlight);
      },
    });
    new Gauge({
      name: 'order_admission_max_requests_in_flight',
      help: 'The bound on POST /orders in flight (ORDER_MAX_REQUESTS_IN_FLIGHT).',
      registers,
    }).set(limits.maxRequestsInFlight);
    const backlog = () => this.sagasInFlight;
    new Gauge({
      name: 'order_admission_sagas_in_flight',
      help: 'Sagas waiting on a step, as admission last read it; at ORDER_MAX_SAGAS_IN_FLIGHT new orders are refused.',
      registers,
      collect() {
        this.set(backlog());
      },
    });
    this.refused = new Counter({
      name: 'order_admission_refused_total',
      help: 'POST /orders refused with 503 because order-service is saturated, by the bound that was hit.',
      labelNames: ['reason'],
      registers,
    });
    for (const reason of ['requests-in-flight', 'saga-backlog']) this.refused.inc({ reason }, 0);
  }

  /** Nest calls it once the app is up: the first figure, read in the background. */
  onApplicationBootstrap(): void {
    void this.read();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.reading;
  }

  /** Resolves once a read asked for now (or one already running) has finished; for tests. */
  read(): Promise<void> {
    this.reading ??= this.countSagasInFlight()
      .then((n) => {
        this.sagasInFlight = n;
      })
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error },
          'could not read the saga backlog; keeping the last figure',
        ),
      )
      .finally(() => {
        // After a failure too: the next try waits its turn instead of delaying every order.
        this.readAt = this.nowMs();
        this.reading = undefined;
      });
    return this.reading;
  }

  async admit(): Promise<Admission> {
    if (this.nowMs() - this.readAt >= this.limits.refreshMs) await this.read();
    if (this.sagasInFlight >= this.limits.maxSagasInFlight) return this.refuse('saga-backlog', 5);
    const release = this.requests.tryEnter();
    if (release === undefined) return this.refuse('requests-in-flight', 1);
    return { admitted: true, release };
  }

  private refuse(reason: 'requests-in-flight' | 'saga-backlog', retryAfterSeconds: number) {
    this.refused.inc({ reason });
    return { admitted: false, reason, retryAfterSeconds } as const;
  }
}

/** Sagas waiting on a step (a reply, a deadline or a retry pause): the checkout's backlog. */
export const countSagasInFlight = async (db: EntityManager): Promise<number> =>
  Object.entries(await countSagasByStatus(db))
    .filter(([status]) => isWaiting(status as CheckoutSagaStatus))
    .reduce((sum, [, n]) => sum + (n ?? 0), 0);
