import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import {
  chargeCommand,
  handledCommands,
  paymentRowsOf,
  type PaymentRig,
  refundCommand,
  repliesWrittenFor,
  startPaymentRig,
} from '../testing/payment-test-kit.js';

const TIMEOUT_MS = 500;

/** The saga's compensation: RefundPayment, answered PaymentRefunded or PaymentRefundFailed. */
describe('payment-service: RefundPayment gives a charge back once, and reports failures to the saga', () => {
  let rig: PaymentRig;

  /** An order charged through payment-service, as the saga's first step leaves it. */
  const chargedOrder = async (amountCents = 3_000) => {
    const command = chargeCommand(amountCents);
    await rig.publisher.send(command);
    const [charged] = await rig.replies.waitForReplies(command.data.orderId);
    const paymentId = String(charged?.data['paymentId']);
    return { orderId: command.data.orderId, paymentId, amountCents };
  };

  beforeAll(async () => {
    rig = await startPaymentRig({
      env: { COMMAND_RETRY_DELAYS_MS: '300,600', PAYMENT_PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
  }, 90_000);

  afterEach(async () => {
    await rig.provider.reset();
  });

  afterAll(async () => {
    await rig?.stop();
  }, 30_000);

  it('given a charged order, when RefundPayment arrives, then one refund at the provider, a REFUNDED row and a PaymentRefunded reply', async () => {
    const charged = await chargedOrder();
    const refund = refundCommand(charged);
    await rig.publisher.send(refund);

    const [, reply] = await rig.replies.waitForReplies(charged.orderId, 2);
    expect(reply).toMatchObject({
      type: 'PaymentRefunded',
      causationId: refund.messageId,
      correlationId: refund.correlationId,
      data: { orderId: charged.orderId, paymentId: charged.paymentId, amountCents: 3_000 },
    });
    expect(await paymentRowsOf(charged.orderId)).toMatchObject([{ status: 'REFUNDED' }]);
    expect((await rig.provider.ledgerOf(charged.orderId)).refunds).toMatchObject([
      { amountCents: 3_000 },
    ]);
  }, 60_000);

  it('given a refund already made, when RefundPayment arrives again (redelivered and re-sent), then still one refund, and the re-sent one is answered PaymentRefunded', async () => {
    const charged = await chargedOrder();
    const refund = refundCommand(charged);
    const handledBefore = await handledCommands(rig.service.baseUrl);
    await rig.publisher.send(refund, refund);
    await waitFor('both deliveries to be handled', async () =>
      (await handledCommands(rig.service.baseUrl)) >= handledBefore + 2 ? true : undefined,
    );
    const again = { ...refund, messageId: randomUUID() };
    await rig.publisher.send(again);

    const answers = await rig.replies.waitForReplies(charged.orderId, 3);
    expect(answers.map((answer) => answer.type)).toEqual([
      'PaymentCharged',
      'PaymentRefunded',
      'PaymentRefunded',
    ]);
    expect(await repliesWrittenFor(charged.orderId)).toBe(3);
    expect((await rig.provider.ledgerOf(charged.orderId)).refunds).toHaveLength(1);
  }, 60_000);

  it('given refunds failing at the provider, when RefundPayment arrives, then PaymentRefundFailed with the reason, the charge stays, and a later RefundPayment succeeds', async () => {
    const charged = await chargedOrder();
    await rig.provider.behave({ refundErrorRate: 1 });
    await rig.publisher.send(refundCommand(charged));

    const [, failed] = await rig.replies.waitForReplies(charged.orderId, 2);
    expect(failed?.type).toBe('PaymentRefundFailed');
    expect(String(failed?.data['reason'])).toContain('answered 503');
    expect(await paymentRowsOf(charged.orderId)).toMatchObject([
      { status: 'CHARGED', refund_failures: 1, last_refund_error: failed?.data['reason'] },
    ]);
    expect((await rig.provider.ledgerOf(charged.orderId)).refunds).toEqual([]);

    // The saga retries its compensation with a new command once the provider recovers.
    await rig.provider.reset();
    await rig.publisher.send(refundCommand(charged));
    const [, , refunded] = await rig.replies.waitForReplies(charged.orderId, 3);
    expect(refunded?.type).toBe('PaymentRefunded');
    expect((await rig.provider.ledgerOf(charged.orderId)).refunds).toHaveLength(1);
  }, 60_000);

  it('given a refund slower than the timeout, when it times out, then PaymentRefundFailed; the late refund at the provider is the one the next attempt gets', async () => {
    const charged = await chargedOrder();
    await rig.provider.behave({ latencyMs: TIMEOUT_MS * 3 });
    await rig.publisher.send(refundCommand(charged));

    const [, failed] = await rig.replies.waitForReplies(charged.orderId, 2);
    expect(failed?.type).toBe('PaymentRefundFailed');
    expect(String(failed?.data['reason'])).toContain(`timed out after ${TIMEOUT_MS} ms`);
    // The provider refunded anyway, late; payment-service does not know it yet.
    const [lateRefund] = (await rig.provider.ledgerOf(charged.orderId)).refunds;
    expect(lateRefund).toBeDefined();
    expect(await paymentRowsOf(charged.orderId)).toMatchObject([{ status: 'CHARGED' }]);

    await rig.provider.reset();
    await rig.publisher.send(refundCommand(charged));
    const [, , refunded] = await rig.replies.waitForReplies(charged.orderId, 3);
    expect(refunded?.type).toBe('PaymentRefunded');
    expect((await rig.provider.ledgerOf(charged.orderId)).refunds).toEqual([lateRefund]);
    expect(await paymentRowsOf(charged.orderId)).toMatchObject([{ status: 'REFUNDED' }]);
  }, 60_000);

  it('given a payment id nobody knows, when RefundPayment arrives, then PaymentRefundFailed names it', async () => {
    const unknown = { orderId: randomUUID(), paymentId: randomUUID(), amountCents: 100 };
    await rig.publisher.send(refundCommand(unknown));

    const [failed] = await rig.replies.waitForReplies(unknown.orderId);
    expect(failed).toMatchObject({
      type: 'PaymentRefundFailed',
      data: { reason: `no payment ${unknown.paymentId}` },
    });
  }, 60_000);
});
