import type { QueueDepth } from './dead-letter-format.js';

export type ManagementApi = Readonly<{ url: string; user: string; password: string }>;

/** A dead-letter queue by its name: `Q.dlq`. */
export const isDeadLetterQueue = (name: string): boolean => name.endsWith('.dlq');

/** The queues of the vhost that `shown` picks (every `*.dlq`), with depths, from the management API. */
export const listDeadLetterQueues = async (
  api: ManagementApi,
  vhost: string,
  shown: (name: string) => boolean = isDeadLetterQueue,
): Promise<QueueDepth[]> => {
  const address = `${api.url.replace(/\/$/, '')}/api/queues/${encodeURIComponent(vhost)}?columns=name,messages`;
  const authorization = `Basic ${Buffer.from(`${api.user}:${api.password}`).toString('base64')}`;
  let response: Response;
  try {
    response = await fetch(address, {
      headers: { authorization },
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    throw new Error(`RabbitMQ management API unreachable at ${api.url}: ${causeOf(error)}`);
  }
  if (!response.ok) {
    throw new Error(`RabbitMQ management API answered ${response.status} for ${address}`);
  }
  const queues = (await response.json()) as Array<{ name: string; messages?: number }>;
  return queues
    .filter((queue) => shown(queue.name))
    .map((queue) => ({ name: queue.name, messages: queue.messages ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name));
};

/** fetch hides the socket error (ECONNREFUSED, ...) in `cause`. */
const causeOf = (error: unknown): string => {
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  return cause instanceof Error ? cause.message : String(cause);
};
