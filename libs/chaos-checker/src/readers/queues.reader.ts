import { QUEUES } from '@pattern-shop/contracts';
import { getManagementJson, managementAuthorization } from '@pattern-shop/messaging-rabbitmq';
import type { QueueRecord } from '../invariants/snapshot.js';
import type { SystemAddresses } from './system-addresses.js';

// Parked sagas wait in their queue for a person on purpose; the saga verdict counts them.
const CONSUMED = Object.values(QUEUES).filter((queue) => queue !== QUEUES.orderSagaParked);

/** A queue the system consumes (or one of its retry queues): it must be empty once quiet. */
export const isConsumedOrRetry = (name: string): boolean =>
  CONSUMED.some((queue) => name === queue || name.startsWith(`${queue}.retry.`));

type ManagementQueue = Readonly<{ name: string; messages?: number }>;

/** Every queue of the vhost with its ready plus unacknowledged messages (management API). */
export const readAllQueues = async (addresses: SystemAddresses): Promise<ManagementQueue[]> => {
  const url = `${addresses.rabbitmqManagementUrl}/api/queues/%2F?columns=name,messages`;
  return getManagementJson<ManagementQueue[]>(url, {
    authorization: managementAuthorization(addresses.rabbitmqUrl),
    timeoutMs: 10_000,
  });
};

/** The contract's consumed queues and their retry queues: what must be empty once quiet. */
export const readConsumedQueues = async (addresses: SystemAddresses): Promise<QueueRecord[]> =>
  (await readAllQueues(addresses))
    .filter((queue) => isConsumedOrRetry(queue.name))
    .map((queue) => ({ name: queue.name, messages: queue.messages ?? 0 }));
