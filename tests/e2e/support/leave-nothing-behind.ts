import { afterAll, beforeAll } from '@jest/globals';
import { deadLetterQueueName, QUEUES } from '@pattern-shop/contracts';
import { takeMessagesAbout } from '@pattern-shop/testing';
import { placedOrderIds } from './order-api.js';
import { orderDatabaseNow, settleOpenCheckouts } from './settle-orders.js';

/**
 * Where a file's orders leave messages when it stops its apps: facts for a subscriber it did not
 * run (the next email-service would mail them), commands for an owner it did not run (the next
 * payment-service would charge them inside another test's window), replies that came after its
 * order-service stopped (the next one dead-letters them), the note of a saga it parked, and
 * the dead letters its faults made (asserted by the file itself; left, they would count as the
 * next run's and fire its alert).
 */
const QUEUES_ORDERS_LEAVE = [
  QUEUES.emailOrderEvents,
  QUEUES.realtimeOrderEvents,
  QUEUES.paymentCommands,
  QUEUES.inventoryCommands,
  QUEUES.orderSagaReplies,
  QUEUES.orderSagaParked,
  deadLetterQueueName(QUEUES.paymentCommands),
  deadLetterQueueName(QUEUES.inventoryCommands),
  deadLetterQueueName(QUEUES.orderSagaReplies),
];

let fileStartedAt: Date;
beforeAll(async () => {
  fileStartedAt = await orderDatabaseNow();
});

// Runs after every e2e file (jest.config.js, setupFilesAfterEnv), once its own afterAll stopped
// its apps: finishes the checkouts it left open, then takes only the messages about its orders.
afterAll(async () => {
  const settled = await settleOpenCheckouts(placedOrderIds, fileStartedAt);
  await takeMessagesAbout([...placedOrderIds, ...settled], QUEUES_ORDERS_LEAVE);
}, 120_000);
