export type SseEvent = { id?: string; event?: string; data?: string };

export type SseAnswer = Readonly<{
  status: number;
  /** The problem details of a refusal. */
  problem?: { detail?: string };
  events?: SseEvent[];
  /** The gateway ended the stream (rather than the reader having seen enough). */
  ended?: boolean;
}>;

/**
 * Reads a text/event-stream until `enough` says the events seen so far suffice, or the server
 * ends it. Heartbeats come at their own interval, before or between the rest: they are left out.
 * `events` is filled as they arrive, so a test can wait for one before it acts.
 */
export const readEvents = async (
  url: string,
  headers: Record<string, string>,
  enough: (events: SseEvent[]) => boolean,
  events: SseEvent[] = [],
): Promise<SseAnswer> => {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(20_000) });
  if (response.status !== 200 || response.body === null) {
    return { status: response.status, problem: (await response.json()) as { detail?: string } };
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  let ended = false;
  while (!enough(events)) {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    buffered += value;
    const blocks = buffered.split('\n\n');
    buffered = blocks.pop() ?? '';
    for (const block of blocks) {
      const fields = Object.fromEntries(
        block
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      ) as SseEvent;
      if (fields.event !== undefined && fields.event !== 'heartbeat') events.push(fields);
    }
  }
  await reader.cancel();
  return { status: 200, events, ended };
};

/** POST /sse-tickets with the token in the header, as a browser would before `new EventSource`. */
export const sseTicket = async (
  gatewayUrl: string,
  token: string,
  orderId: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { ticket?: string; expiresAt?: string; detail?: string } }> => {
  const response = await fetch(`${gatewayUrl}/sse-tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ orderId }),
  });
  return { status: response.status, body: (await response.json()) as { ticket?: string } };
};
