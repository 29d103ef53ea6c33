import { QUEUES } from '@pattern-shop/contracts';
import type { QueueRecord } from '../invariants/snapshot.js';
import type { SystemAddresses } from './system-addresses.js';

// Parked sagas wait in their queue for a person on purpose; the saga verdict counts them.
const CONSUMED = Object.values(QUEUES).filter((queue) => queue !== QUEUES.orderSagaParked);

/** A queue the system consumes (or one of its retry queues): it must be empty once quiet. */
export const isConsumedOrRetry = (name: string): boolean =>
  CONSUMED.some((queue) => name === queue || name.startsWith(`${queue}.retry.`));

type ManagementQueue = Readonly<{ name: string; messages?: number }>;

export const managementAuth = (addresses: SystemAddresses): string => {
  const { username, password } = new URL(addresses.rabbitmqUrl);
  return `Basic ${btoa(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`)}`;
};

/** Every queue of the vhost with its ready plus unacknowledged messages (management API). */
export const readAllQueues = async (addresses: SystemAddresses): Promise<ManagementQueue[]> => {
  const url = `${addresses.rabbitmqManagementUrl}/api/queues/%2F?columns=name,messages`;
  const response = await fetch(url, {
    headers: { authorization: managementAuth(addresses) },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as ManagementQueue[];
};

/** The contract's consumed queues and their retry queues: what must be empty once quiet. */
export const readConsumedQueues = async (addresses: SystemAddresses): Promise<QueueRecord[]> =>
  (await readAllQueues(addresses))
    .filter((queue) => isConsumedOrRetry(queue.name))
    .map((queue) => ({ name: queue.name, messages: queue.messages ?? 0 }));
