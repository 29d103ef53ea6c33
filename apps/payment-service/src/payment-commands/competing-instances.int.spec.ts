import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor, waitForQueueDrained } from '@pattern-shop/testing';
import {
  chargeCommand,
  handledCommands,
  paymentRowsOf,
  type PaymentRig,
  startPaymentRig,
} from '../testing/payment-test-kit.js';

const COMMANDS = 40;

/** Issue 4: two instances compete on `payment.commands`; the load spreads, each command counts once. */
describe('payment-service: two instances competing for payment.commands', () => {
  let rig: PaymentRig;

  beforeAll(async () => {
    rig = await startPaymentRig({ instances: 2, env: { COMMAND_PREFETCH: '5' } });
    // A little latency per charge, so neither instance drains the queue alone.
    await rig.provider.behave({ latencyMs: 20, latencyJitterMs: 20 });
  }, 90_000);

  afterAll(async () => {
    await rig?.stop();
  }, 30_000);

  it(`given ${COMMANDS} ChargePayment commands, when both instances consume, then each order is charged exactly once and both instances handled some`, async () => {
    const handledBy = () => Promise.all(rig.services.map((app) => handledCommands(app.baseUrl)));
    // Commands left by earlier suites (orders placed without payment-service) are handled first,
    // so the counts below are this test's alone.
    await waitForQueueDrained('payment.commands');
    const before = await handledBy();
    const commands = Array.from({ length: COMMANDS }, () => chargeCommand());
    await rig.publisher.send(...commands);

    for (const { data } of commands) {
      const answers = await rig.replies.waitForReplies(data.orderId);
      expect(answers.map((answer) => answer.type)).toEqual(['PaymentCharged']);
      expect(await paymentRowsOf(data.orderId)).toHaveLength(1);
      expect((await rig.provider.ledgerOf(data.orderId)).charges).toHaveLength(1);
    }
    // Every command was handled once in all, and each instance took its share.
    const handled = await waitFor('the handled counts to add up', async () => {
      const counts = (await handledBy()).map((count, i) => count - (before[i] ?? 0));
      return counts.reduce((sum, count) => sum + count, 0) === COMMANDS ? counts : undefined;
    });
    expect(handled.every((count) => count > 0)).toBe(true);
  }, 90_000);

  it('given both instances, then the /metrics of each shows payment.commands with its two consumers, its depth and its dead letters', async () => {
    const metricsOf = async (baseUrl: string) => (await fetch(`${baseUrl}/metrics`)).text();

    for (const app of rig.services) {
      // The monitor polls the management API every 5 s; the broker refreshes its figures as often.
      const text = await waitFor('the queue monitor to see both consumers', async () => {
        const body = await metricsOf(app.baseUrl);
        const consumers = /^rabbitmq_queue_consumers\{queue="payment.commands"[^}]*\} 2$/m;
        return consumers.test(body) ? body : undefined;
      });
      expect(text).toMatch(/^rabbitmq_queue_depth\{queue="payment.commands"[^}]*\} \d+$/m);
      expect(text).toMatch(/^rabbitmq_dead_letter_depth\{queue="payment.commands"[^}]*\} \d+$/m);
    }
  }, 60_000);
});
