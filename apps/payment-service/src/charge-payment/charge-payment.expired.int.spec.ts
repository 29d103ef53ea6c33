import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { queryServiceDb, waitFor } from '@pattern-shop/testing';
import {
  chargeCommand,
  metricOf,
  paymentRowsOf,
  type PaymentRig,
  refundCommand,
  repliesWrittenFor,
  startPaymentRig,
  voidCommand,
  withExpiry,
} from '../testing/payment-test-kit.js';

const MINUTE_MS = 60_000;
const fromNow = (ms: number) => new Date(Date.now() + ms);

/** A command that sat in the queue past its saga step's deadline is refused, not charged. */
describe('payment-service: a ChargePayment past its expiry is refused', () => {
  let rig: PaymentRig;

  const expiredCount = () =>
    metricOf(rig.service.baseUrl, 'saga_commands_expired_total', { type: 'ChargePayment' });
  const outcomeCount = (type: string, outcome: string) =>
    metricOf(rig.service.baseUrl, 'payment_command_outcomes_total', { type, outcome });
  const inboxRowsOf = async (messageId: string) => {
    const [row] = await queryServiceDb<{ count: string }>(
      'payment-service',
      'SELECT count(*) FROM processed_messages WHERE message_id = $1',
      [messageId],
    );
    return Number(row?.count);
  };

  beforeAll(async () => {
    rig = await startPaymentRig();
  }, 90_000);

  afterAll(async () => {
    await rig?.stop();
  }, 30_000);

  it('given a ChargePayment whose step expired a minute ago, when it is delivered twice, then no charge, no row, no reply, one count and one log line with its correlation id', async () => {
    const command = withExpiry(chargeCommand(), fromNow(-MINUTE_MS));
    const { orderId } = command.data;
    const [expiredBefore, duplicatesBefore] = [
      await expiredCount(),
      await outcomeCount('ChargePayment', 'duplicate-message'),
    ];

    await rig.publisher.send(command, command);

    await waitFor('the refusal and the duplicate', async () =>
      (await expiredCount()) === expiredBefore + 1 &&
      (await outcomeCount('ChargePayment', 'duplicate-message')) === duplicatesBefore + 1
        ? true
        : undefined,
    );
    expect((await rig.provider.ledgerOf(orderId)).charges).toEqual([]);
    expect(await paymentRowsOf(orderId)).toEqual([]);
    expect(await repliesWrittenFor(orderId)).toBe(0);
    expect(await inboxRowsOf(command.messageId)).toBe(1);
    expect(await expiredCount()).toBe(expiredBefore + 1);
    const refusals = rig.service.output
      .split('\n')
      .filter((line) => line.includes('command refused') && line.includes(command.messageId));
    expect(refusals).toHaveLength(1);
    expect(JSON.parse(refusals[0] as string)).toMatchObject({
      correlationId: command.correlationId,
      orderId,
      type: 'ChargePayment',
    });
  }, 60_000);

  it('given a refused ChargePayment, when the saga voids the charge at its deadline, then payment-service answers that nothing is held', async () => {
    const command = withExpiry(chargeCommand(1_800), fromNow(-MINUTE_MS));
    const { orderId } = command.data;

    await rig.publisher.send(command, voidCommand({ orderId, amountCents: 1_800 }));

    const [reply] = await rig.replies.waitForReplies(orderId);
    expect(reply).toMatchObject({ type: 'PaymentVoided', data: { orderId } });
    expect((await rig.provider.ledgerOf(orderId)).charges).toEqual([]);
  }, 60_000);

  it('given a ChargePayment whose step ends in a minute, when it arrives, then it is charged and answered as before', async () => {
    const command = withExpiry(chargeCommand(3_100), fromNow(MINUTE_MS));
    const expiredBefore = await expiredCount();

    await rig.publisher.send(command);

    const [reply] = await rig.replies.waitForReplies(command.data.orderId);
    expect(reply).toMatchObject({ type: 'PaymentCharged', causationId: command.messageId });
    expect((await rig.provider.ledgerOf(command.data.orderId)).charges).toHaveLength(1);
    expect(await expiredCount()).toBe(expiredBefore);
  }, 60_000);

  it('given a compensation carrying an expiry long past, when RefundPayment arrives, then it runs all the same', async () => {
    const command = chargeCommand(2_200);
    const { orderId } = command.data;
    await rig.publisher.send(command);
    const [charged] = await rig.replies.waitForReplies(orderId);
    const paymentId = String(charged?.data['paymentId']);

    const refund = refundCommand({ orderId, paymentId, amountCents: 2_200 });
    await rig.publisher.send(withExpiry(refund, fromNow(-MINUTE_MS)));

    const answers = await rig.replies.waitForReplies(orderId, 2);
    expect(answers[1]).toMatchObject({ type: 'PaymentRefunded', data: { orderId, paymentId } });
    expect((await rig.provider.ledgerOf(orderId)).refunds).toHaveLength(1);
  }, 60_000);
});
