import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { redactAttributes } from './redaction.js';

/**
 * Wraps the exporting processor so that no span leaves the process with a credential in it: the
 * HTTP instrumentation records the request's query (`url.query`, `url.full`, `http.target`), and
 * an SSE ticket or a token sent there would otherwise reach every trace backend.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly exporting: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.exporting.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    // The ended span is read-only to its API, not to us: its attributes object is rewritten in
    // place before the exporting processor queues it.
    const redacted = redactAttributes(span.attributes);
    if (redacted !== span.attributes) Object.assign(span.attributes, redacted);
    for (const event of span.events) {
      if (event.attributes !== undefined)
        Object.assign(event.attributes, redactAttributes(event.attributes));
    }
    this.exporting.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.exporting.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.exporting.shutdown();
  }
}
