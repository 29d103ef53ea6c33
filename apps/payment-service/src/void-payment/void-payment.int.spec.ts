import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { queryServiceDb, waitFor } from '@pattern-shop/testing';
import {
  chargeCommand,
  metricOf,
  paymentRowsOf,
  type PaymentRig,
  startPaymentRig,
  voidCommand,
} from '../testing/payment-test-kit.js';

/** An unknown charge outcome settled: VoidPayment asks the provider what it holds for the order. */
describe('payment-service: VoidPayment settles a charge whose outcome the saga does not know', () => {
  let rig: PaymentRig;

  beforeAll(async () => {
    rig = await startPaymentRig({ env: { PAYMENT_PROVIDER_TIMEOUT_MS: '500' } });
  }, 90_000);

  afterEach(async () => {
    await rig.provider.reset();
  });

  afterAll(async () => {
    await rig?.stop();
  }, 30_000);

  /** A charge the provider captured whose answer never reached payment-service. */
  const captureBehindOurBack = async (orderId: string, amountCents: number) => {
    const response = await fetch(`${rig.provider.url}/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': orderId },
      body: JSON.stringify({ orderId, customerId: 'cust-lost', amountCents, currency: 'EUR' }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { chargeId: string };
  };
  const voidedFence = (orderId: string) =>
    queryServiceDb('payment-service', 'SELECT reason FROM charge_voids WHERE order_id = $1', [
      orderId,
    ]);

  it('given the provider captured a charge payment-service never recorded, when VoidPayment arrives, then the charge is recorded and the saga told PaymentCharged, so it refunds it', async () => {
    const orderId = randomUUID();
    const { chargeId } = await captureBehindOurBack(orderId, 1_500);

    await rig.publisher.send(voidCommand({ orderId, amountCents: 1_500 }));

    const [reply] = await rig.replies.waitForReplies(orderId);
    const rows = await paymentRowsOf(orderId);
    expect(rows).toMatchObject([
      { status: 'CHARGED', amount_cents: '1500', provider_charge_id: chargeId },
    ]);
    expect(reply).toMatchObject({
      type: 'PaymentCharged',
      data: { orderId, paymentId: rows[0]?.payment_id, amountCents: 1_500 },
    });
  });

  it('given the provider holds nothing, when VoidPayment arrives, then PaymentVoided, and a ChargePayment for that order afterwards charges nothing', async () => {
    const charge = chargeCommand(900);
    const { orderId } = charge.data;

    await rig.publisher.send(voidCommand({ orderId, amountCents: 900 }));
    expect((await rig.replies.waitForReplies(orderId))[0]).toMatchObject({ type: 'PaymentVoided' });
    expect(await voidedFence(orderId)).toEqual([{ reason: 'payment timed out' }]);

    // A ChargePayment from a retry queue or a redriven dead letter, after the saga gave up.
    await rig.publisher.send(charge);
    const replies = await rig.replies.waitForReplies(orderId, 2);
    expect(replies[1]).toMatchObject({ type: 'PaymentVoided', causationId: charge.messageId });
    expect((await rig.provider.ledgerOf(orderId)).charges).toEqual([]);
    expect(await paymentRowsOf(orderId)).toEqual([]);
  });

  it('given a provider slower than the timeout, when VoidPayment arrives, then PaymentVoidFailed and nothing recorded, and the outcome stays open for the next attempt', async () => {
    const orderId = randomUUID();
    await rig.provider.behave({ latencyMs: 1_500 });

    await rig.publisher.send(voidCommand({ orderId, amountCents: 700 }));

    const [reply] = await rig.replies.waitForReplies(orderId);
    expect(reply).toMatchObject({
      type: 'PaymentVoidFailed',
      data: { orderId, reason: expect.stringMatching(/^charge lookup failed: /) },
    });
    const outcome = { type: 'VoidPayment', outcome: 'void-failed' };
    const counted = () => metricOf(rig.service.baseUrl, 'payment_command_outcomes_total', outcome);
    await waitFor('the failed void to be counted', async () =>
      (await counted()) === 1 ? true : undefined,
    );
    expect(await paymentRowsOf(orderId)).toEqual([]);
    expect(await voidedFence(orderId)).toEqual([]);
  });

  it('given a charged payment, when VoidPayment arrives, then it is answered from the record without asking the provider again', async () => {
    const charge = chargeCommand(1_200);
    const { orderId } = charge.data;
    await rig.publisher.send(charge);
    const [charged] = await rig.replies.waitForReplies(orderId);

    await rig.publisher.send(voidCommand({ orderId, amountCents: 1_200 }));

    const replies = await rig.replies.waitForReplies(orderId, 2);
    expect(replies[1]).toMatchObject({
      type: 'PaymentCharged',
      data: { paymentId: charged?.data['paymentId'] },
    });
    expect((await rig.provider.ledgerOf(orderId)).charges).toHaveLength(1);
  });
});
