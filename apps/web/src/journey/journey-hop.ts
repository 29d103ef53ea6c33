import type { AttributeValue } from './otlp-spans.js';

/** The seven patterns of DESIGN.md, plus the outbox every message leaves through. */
export type HopPattern =
  'request-response' | 'outbox' | 'work-queue' | 'pub-sub' | 'event-stream' | 'saga' | 'real-time';

/** What crossed a hop, as the relay's publish span recorded it. */
export type HopMessage = Readonly<{
  type: string | undefined;
  messageId: string | undefined;
  correlationId: string | undefined;
  headers: Readonly<Record<string, unknown>> | undefined;
  envelope: unknown;
}>;

export type JourneyHop = Readonly<{
  id: string;
  pattern: HopPattern;
  /** DESIGN.md's number of the pattern the hop belongs to (an outbox row: its destination's). */
  patternNumber: number;
  from: string;
  to: string;
  label: string;
  at: string;
  /** Since the journey's first hop. */
  afterMs: number;
  durationMs: number;
  failed: boolean;
  details: Readonly<Record<string, AttributeValue>>;
  message: HopMessage | undefined;
}>;

/** One entry of order-service's saga step log (GET /sagas/:orderId). */
export type SagaStepEntry = Readonly<{
  at: string;
  input: string;
  from: string | null;
  to: string;
  note: string | null;
  causedBy: string | null;
}>;

/** A hop before its time is made relative to the journey's start. */
export type HopDraft = Omit<JourneyHop, 'afterMs' | 'at'> & { startMs: number };
