import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Server } from 'node:http';
import type { Logger, Registry } from '@pattern-shop/observability';
import { SCOPED_TOKENS, scopedTokensOf } from '@pattern-shop/platform';
import { CUSTOMER_TOKENS, type CustomerTokenSettings } from '../access/customer-access.js';
import { SERVICE_CALL, type ServiceCall } from '../upstream/service-call.js';
import type { WebConfig } from '../web.config.js';
import { JourneyHttpController, SPAN_STORE } from './journey.http.controller.js';
import { journeyMetrics, type JourneyMetrics } from './journey-metrics.js';
import { startOtlpReceiver } from './otlp-receiver.js';
import { SpanStore } from './span-store.js';

const RECEIVER = Symbol('OTLP_RECEIVER');
type ReceiverSettings = Readonly<{
  host: string;
  port: number;
  logger: Logger;
  metrics: JourneyMetrics;
}>;

/** Each order's journey: the OTLP receiver that fills the span store, and the API that reads it. */
@Module({})
export class JourneyModule implements OnModuleInit, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    @Inject(RECEIVER) private readonly receiver: ReceiverSettings,
    @Inject(SPAN_STORE) private readonly store: SpanStore,
  ) {}

  static register(
    config: WebConfig,
    logger: Logger,
    shared: Readonly<{ call: ServiceCall; tokens: CustomerTokenSettings; metrics: Registry }>,
  ): DynamicModule {
    const limits = {
      maxSpans: config.JOURNEY_MAX_SPANS,
      maxAgeMs: config.JOURNEY_MAX_AGE_MINUTES * 60_000,
    };
    const store = new SpanStore(limits, () => Date.now());
    const metrics = journeyMetrics(shared.metrics, () => store.size);
    return {
      module: JourneyModule,
      controllers: [JourneyHttpController],
      providers: [
        { provide: SPAN_STORE, useValue: store },
        { provide: SCOPED_TOKENS, useValue: scopedTokensOf(config) },
        { provide: SERVICE_CALL, useValue: shared.call },
        { provide: CUSTOMER_TOKENS, useValue: shared.tokens },
        {
          provide: RECEIVER,
          useValue: { host: config.HOST, port: config.OTLP_RECEIVER_PORT, logger, metrics },
        },
      ],
    };
  }

  async onModuleInit(): Promise<void> {
    const { logger, metrics, ...address } = this.receiver;
    // A taken port (another OTLP receiver, e.g. Jaeger) costs the journeys their spans, not the
    // storefront: web still starts, and the journeys show the saga's steps.
    this.server = await startOtlpReceiver(address, this.store, logger, metrics).catch(
      (error: unknown) => {
        logger.warn(
          { ...address, reason: error instanceof Error ? error.message : String(error) },
          'OTLP receiver not started: journeys will show the saga steps only',
        );
        return undefined;
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server === undefined ? resolve() : this.server.close(() => resolve()),
    );
  }
}
