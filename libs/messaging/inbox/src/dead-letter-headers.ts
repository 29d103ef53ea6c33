/** Long stacks are cut: a broker refuses oversized headers, and the top frames tell the story. */
const MAX_HEADER_TEXT = 4_000;

export type DeadLetterContext = Readonly<{
  /** The service that gave up on the message. */
  service: string;
  failedAt: Date;
  /** Deliveries tried so far, this one included. */
  attempts: number;
  /** `x-first-failed-at` of an earlier failure of the same message, if it carried one. */
  firstFailedAt?: unknown;
}>;

/**
 * Why a message was given up on, as headers that travel with the dead letter (DESIGN.md: reason,
 * stack, attempts, first failure time and service). Plain strings, so Kafka headers fit too.
 */
export const deadLetterHeaders = (
  error: unknown,
  { service, failedAt, attempts, firstFailedAt }: DeadLetterContext,
): Record<string, string> => {
  const failure = error instanceof Error ? error : new Error(String(error));
  return {
    'x-error-reason': truncate(failure.message),
    'x-error-stack': truncate(failure.stack ?? failure.message),
    'x-attempts': String(attempts),
    'x-failed-at': failedAt.toISOString(),
    'x-first-failed-at':
      typeof firstFailedAt === 'string' && firstFailedAt !== ''
        ? firstFailedAt
        : failedAt.toISOString(),
    'x-service': service,
  };
};

const truncate = (text: string): string =>
  text.length > MAX_HEADER_TEXT ? `${text.slice(0, MAX_HEADER_TEXT)}…` : text;
