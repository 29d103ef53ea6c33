import { callApi } from '../api/http';
import { currentSession } from '../api/session';

/** What crossed a hop (apps/web/src/journey/journey-hops.ts). */
export type HopMessage = Readonly<{
  type?: string;
  messageId?: string;
  correlationId?: string;
  headers?: Readonly<Record<string, unknown>>;
  envelope?: unknown;
}>;

export type JourneyHop = Readonly<{
  id: string;
  pattern: string;
  patternNumber: number;
  from: string;
  to: string;
  label: string;
  at: string;
  afterMs: number;
  durationMs: number;
  failed: boolean;
  details: Readonly<Record<string, string | number | boolean>>;
  message?: HopMessage;
}>;

export type Journey = Readonly<{
  orderId: string;
  lanes: string[];
  hops: JourneyHop[];
  sagaStatus: string | null;
  spans: number;
}>;

export const fetchJourney = async (orderId: string): Promise<Journey> =>
  callApi<Journey>(`/api/orders/${encodeURIComponent(orderId)}/journey`, {
    token: (await currentSession()).token,
  });

/** The names DESIGN.md gives the patterns, for labels. */
export const PATTERN_NAMES: Readonly<Record<string, string>> = {
  'request-response': 'request-response',
  outbox: 'outbox',
  'work-queue': 'work queue',
  'pub-sub': 'pub/sub',
  'event-stream': 'event stream',
  saga: 'saga',
  'real-time': 'real-time',
};

export const patternLabel = (hop: Pick<JourneyHop, 'pattern' | 'patternNumber'>): string =>
  `${hop.patternNumber} ${PATTERN_NAMES[hop.pattern] ?? hop.pattern}`;
