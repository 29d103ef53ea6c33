import { EXCHANGES, hasUpcaster, ROUTING_KEYS, versionsOf } from '@pattern-shop/contracts';
import { DRIFTED_VERSION, driftIncompatibilities, type DriftedFact } from './drift.js';

/** What `npm run lab -- drift` tells the learner it did, and what the contracts say about it. */
export const describeDrift = (fact: DriftedFact): string[] => {
  const known = versionsOf('OrderConfirmed');
  const upcasters = known.filter((v) => hasUpcaster('OrderConfirmed', v));
  return [
    `published OrderConfirmed v${DRIFTED_VERSION} ${fact.messageId} on ${EXCHANGES.events} (${ROUTING_KEYS.orderConfirmed}), as order-service deployed ahead would`,
    `  order ${fact.orderId} of customer ${fact.customerId}, correlation id ${fact.correlationId}`,
    `  data: ${JSON.stringify(fact.data)}`,
    `the subscribers' catalogue (libs/contracts) knows OrderConfirmed v${known.join(', v')}, ` +
      `upcasters from ${upcasters.length === 0 ? 'none' : upcasters.map((v) => `v${v}`).join(', ')}`,
    'read as a change of v1, the compatibility check (findIncompatibilities) finds:',
    ...driftIncompatibilities().map((problem) => `  ${problem}`),
    'email-service has settled the delivery: where did it go?',
  ];
};
