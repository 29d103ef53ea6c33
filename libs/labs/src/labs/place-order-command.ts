import { LAB_SKU } from '../system/addresses.js';

/**
 * The shell lines that start a guest session at order-service, as the storefront does, keeping
 * its customer and token in the shell (`$CUSTOMER`, `$TOKEN`).
 */
export const guestSessionCommand = (): string =>
  [
    'SESSION=$(curl -s -X POST http://127.0.0.1:3001/sessions/guest)',
    'CUSTOMER=$(echo "$SESSION" | jq -r .customerId); TOKEN=$(echo "$SESSION" | jq -r .token)',
  ].join('\n');

/**
 * `curl` placing one order as the guest of `$TOKEN` (the customer comes from the token), its
 * correlation id starting with `lab`, so a grader can find the lab's orders.
 */
export const orderCurl = (items: string, lab: string): string =>
  [
    `curl -s -X POST http://127.0.0.1:3001/orders -H 'content-type: application/json' \\`,
    `  -H "authorization: Bearer $TOKEN" -H "x-correlation-id: ${lab}-$RANDOM" \\`,
    `  -d '{"items":${items}}'`,
  ].join('\n');

/**
 * The page block that places one order as a learner would, with curl, as a new guest, and keeps
 * its id and customer in the shell (`$ORDER`, `$CUSTOMER`) for the commands after it.
 */
export const placeOrderCommand = (lab: string): string =>
  [
    guestSessionCommand(),
    `ORDER=$(${orderCurl(`[{"sku":"${LAB_SKU}","quantity":1}]`, lab)} | jq -r .orderId)`,
    'echo "order $ORDER of $CUSTOMER"',
  ].join('\n');
