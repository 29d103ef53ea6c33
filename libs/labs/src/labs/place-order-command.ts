import { LAB_SKU } from '../system/addresses.js';

/**
 * The page block that places one order as a learner would, with curl, and keeps its id and
 * customer in the shell (`$ORDER`, `$CUSTOMER`) for the commands after it.
 */
export const placeOrderCommand = (customerPrefix: string): string =>
  [
    `CUSTOMER=${customerPrefix}-$RANDOM`,
    `ORDER=$(curl -s -X POST http://127.0.0.1:3001/orders -H 'content-type: application/json' \\`,
    `  -d '{"customerId":"'"$CUSTOMER"'","items":[{"sku":"${LAB_SKU}","quantity":1}]}' | jq -r .orderId)`,
    'echo "order $ORDER of $CUSTOMER"',
  ].join('\n');
