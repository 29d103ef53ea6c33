// The stack and the books of checkout-charge-outcome.e2e.spec.ts (issue 21 §1).
import { QUEUES } from '@pattern-shop/contracts';
import {
  LOCAL_INFRA,
  queryServiceDb,
  ServiceProcess,
  waitForQueueDrained,
} from '@pattern-shop/testing';
import { SAGA_SETTINGS, provider } from './checkout-stack.js';

export const STAFF = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };
export type Ledger = {
  charges: Array<{ status: string; amountCents: number }>;
  refunds: Array<{ amountCents: number }>;
};

/**
 * Issue 21 §1 as reported, shortened: payment-service gives up on the provider after 500 ms and
 * dead-letters ChargePayment after two attempts, the saga gives up on the charge after 2 s, while
 * the provider captures every charge and answers after 1.5 s. Its settings are its own, so the
 * deadlines are short and the suite stays fast.
 */
export const startStack = async (): Promise<Record<string, ServiceProcess>> => {
  const apps = {
    provider: ServiceProcess.start('payment-provider'),
    payment: ServiceProcess.start('payment-service', {
      PAYMENT_PROVIDER_TIMEOUT_MS: '500',
      PAYMENT_PROVIDER_BREAKER_RESET_MS: '500',
      COMMAND_MAX_ATTEMPTS: '2',
      COMMAND_RETRY_DELAYS_MS: '200',
    }),
    inventory: ServiceProcess.start('inventory-service'),
    order: ServiceProcess.start('order-service', {
      ...SAGA_SETTINGS,
      SAGA_CHARGE_TIMEOUT_MS: '2000',
      SAGA_REFUND_TIMEOUT_MS: '2000',
      SAGA_COMPENSATION_RETRY_DELAYS_MS: '1000,2000,4000',
    }),
  };
  await Promise.all(Object.values(apps).map((app) => app.waitUntilReady()));
  for (const queue of [QUEUES.paymentCommands, QUEUES.inventoryCommands, QUEUES.orderSagaReplies]) {
    await waitForQueueDrained(queue);
  }
  return apps;
};

export const paymentOf = async (orderId: string) =>
  (
    await queryServiceDb<{ status: string; amount_cents: string }>(
      'payment-service',
      'SELECT status, amount_cents FROM payments WHERE order_id = $1',
      [orderId],
    )
  )[0];

export const deadLetteredCharges = async (paymentUrl: string): Promise<number> => {
  const metrics = await (await fetch(`${paymentUrl}/metrics`)).text();
  const line = metrics
    .split('\n')
    .find(
      (row) =>
        /^rabbitmq_messages_handled_total\{/.test(row) &&
        row.includes('queue="payment.commands"') &&
        row.includes('outcome="dead_lettered"'),
    );
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
};

/** Charged minus refunded on the provider's books, per its ledger of the order. */
export const providerNetOf = async (orderId: string): Promise<{ ledger: Ledger; net: number }> => {
  const ledger = (await provider.ledgerOf(orderId)) as Ledger;
  const captured = ledger.charges.filter((charge) => charge.status === 'captured');
  const net =
    captured.reduce((sum, charge) => sum + charge.amountCents, 0) -
    ledger.refunds.reduce((sum, refund) => sum + refund.amountCents, 0);
  return { ledger, net };
};

/** Operator repairs order-service counted with this result. */
export const repairsCounted = async (orderUrl: string, result: string): Promise<number> => {
  const metrics = await (await fetch(`${orderUrl}/metrics`)).text();
  const line = metrics
    .split('\n')
    .find((row) => row.startsWith(`checkout_saga_repairs_total{result="${result}"`));
  return Number(line?.slice(line.lastIndexOf(' ') + 1) ?? 0);
};
