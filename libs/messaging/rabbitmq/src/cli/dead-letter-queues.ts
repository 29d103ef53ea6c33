import { getManagementJson, ManagementApiError } from '../management-api.js';
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
  let queues: Array<{ name: string; messages?: number }>;
  try {
    queues = await getManagementJson(address, { authorization });
  } catch (error) {
    if (error instanceof ManagementApiError) {
      throw new Error(`RabbitMQ management API answered ${error.status} for ${address}`);
    }
    throw new Error(`RabbitMQ management API unreachable at ${api.url}: ${causeOf(error)}`);
  }
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
