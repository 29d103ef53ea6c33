import { Counter, Gauge, type Registry } from 'prom-client';

/** How the receiver answered one export: taken into the store, or refused and why. */
export type OtlpExportOutcome = 'accepted' | 'not_otlp_json' | 'too_large' | 'unreadable';

const OUTCOMES: readonly OtlpExportOutcome[] = [
  'accepted',
  'not_otlp_json',
  'too_large',
  'unreadable',
];

export type JourneyMetrics = Readonly<{
  exportAnswered: (outcome: OtlpExportOutcome, spans?: number) => void;
}>;

/**
 * What the journey view is fed: a journey without hops is either no spans arriving (a service's
 * exporter pointed elsewhere) or exports refused (an exporter sending protobuf), and these tell
 * which; the stored spans show how close the store is to JOURNEY_MAX_SPANS.
 */
export const journeyMetrics = (registry: Registry, storedSpans: () => number): JourneyMetrics => {
  const exports = new Counter({
    name: 'web_otlp_exports_total',
    help: 'OTLP/HTTP trace exports the journey receiver answered, by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const spans = new Counter({
    name: 'web_otlp_spans_received_total',
    help: 'Spans taken into the journey store from accepted exports.',
    registers: [registry],
  });
  new Gauge({
    name: 'web_journey_spans_stored',
    help: 'Spans the journey store holds now (bounded by JOURNEY_MAX_SPANS).',
    registers: [registry],
    collect() {
      this.set(storedSpans());
    },
  });
  // Every series exists from the start, so a rate over it is defined before the first refusal.
  for (const outcome of OUTCOMES) exports.inc({ outcome }, 0);
  return {
    exportAnswered: (outcome, received = 0) => {
      exports.inc({ outcome });
      spans.inc(received);
    },
  };
};
