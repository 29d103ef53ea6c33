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
  /** How often the saga backlog is read from the database. */
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
 */
export class OrderAdmission {
  private readonly requests: InFlightLimit;
  private sagasInFlight = 0;
  private readonly refused: Counter<'reason'>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly countSagasInFlight: () => Promise<number>,
    registry: Registry,
    private readonly logger: Logger,
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

  /** Nest calls it once the app is up: from then on the saga backlog is read in the background. */
  onApplicationBootstrap(): void {
    const refresh = async () => {
      try {
        this.sagasInFlight = await this.countSagasInFlight();
      } catch (error) {
        this.logger.warn(
          { err: error },
          'could not read the saga backlog; keeping the last figure',
        );
      }
    };
    void refresh();
    this.timer = setInterval(() => void refresh(), this.limits.refreshMs);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  admit(): Admission {
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
