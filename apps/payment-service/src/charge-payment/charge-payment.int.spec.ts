import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'amqplib';
import {
  EXCHANGES,
  KAFKA_TOPICS,
  QUEUES,
  retryQueueName,
  ROUTING_KEYS,
} from '@pattern-shop/contracts';
import {
  type KafkaTap,
  LOCAL_INFRA,
  type RabbitTap,
  tapExchange,
  tapTopic,
  waitFor,
} from '@pattern-shop/testing';
import {
  chargeCommand,
  handledCommands,
  metricOf,
  outboxRowsOf,
  paymentRowsOf,
  type PaymentRig,
  repliesWrittenFor,
  type Reply,
  startPaymentRig,
  withTraceparent,
} from '../testing/payment-test-kit.js';

const RETRY_DELAYS_MS = [300, 600];

/** Pattern 2: ChargePayment on `payment.commands`, the provider over HTTP, one reply per command. */
describe('payment-service: ChargePayment charges each order once and replies to the saga', () => {
  let rig: PaymentRig;
  let facts: RabbitTap;
  let stream: KafkaTap;
  // Short retry delays, so the retry and dead-letter paths run in seconds.
  const env = {
    COMMAND_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
    COMMAND_MAX_ATTEMPTS: '3',
    PAYMENT_PROVIDER_TIMEOUT_MS: '1000',
  };

  beforeAll(async () => {
    rig = await startPaymentRig({ env });
    facts = await tapExchange(EXCHANGES.events, [ROUTING_KEYS.paymentCharged]);
    stream = await tapTopic(KAFKA_TOPICS.payments);
  }, 90_000);

  afterEach(async () => {
    await rig.provider.reset();
  });

  afterAll(async () => {
    await facts?.close();
    await stream?.close();
    await rig?.stop();
  }, 30_000);

  it('given an approving provider, when ChargePayment arrives, then one charge, one CHARGED row and a PaymentCharged reply', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const command = withTraceparent(chargeCommand(4_990), traceparent);
    const { orderId } = command.data;
    await rig.publisher.send(command);

    const [reply] = await rig.replies.waitForReplies(orderId);
    expect(reply).toMatchObject({
      type: 'PaymentCharged',
      correlationId: command.correlationId,
      causationId: command.messageId,
      aggregateId: orderId,
      data: { orderId, amountCents: 4_990, currency: 'EUR' },
    });
    expect(rig.replies.headersOf(reply as Reply)).toMatchObject({ traceparent });
    const rows = await paymentRowsOf(orderId);
    const { charges } = await rig.provider.ledgerOf(orderId);
    expect(rows).toMatchObject([{ status: 'CHARGED', amount_cents: '4990' }]);
    expect(rows[0]?.payment_id).toBe(reply?.data['paymentId']);
    expect(charges).toMatchObject([{ status: 'captured', amountCents: 4_990 }]);
    expect(rows[0]?.provider_charge_id).toBe(charges[0]?.chargeId);

    // The same fact for everyone else: shop.events and payments.events (keyed by order id).
    const isOurs = (body: unknown) =>
      (body as { messageId: string }).messageId === reply?.messageId;
    await waitFor(
      'the fact on shop.events',
      async () => facts.messages.some((message) => isOurs(message.body)) || undefined,
    );
    const [record] = await waitFor('the fact on payments.events', async () => {
      const ours = (await stream.read()).filter((candidate) => isOurs(candidate.value));
      return ours.length > 0 ? ours : undefined;
    });
    expect(record?.key).toBe(orderId);
  }, 60_000);

  it('given the same command delivered twice, when both are handled, then one charge at the provider, one row and one reply', async () => {
    const command = chargeCommand();
    const handledBefore = await handledCommands(rig.service.baseUrl);
    await rig.publisher.send(command, command);

    await waitFor('both deliveries to be handled', async () =>
      (await handledCommands(rig.service.baseUrl)) >= handledBefore + 2 ? true : undefined,
    );
    await rig.replies.waitForReplies(command.data.orderId);
    expect(await repliesWrittenFor(command.data.orderId)).toBe(1);
    expect(await paymentRowsOf(command.data.orderId)).toHaveLength(1);
    expect((await rig.provider.ledgerOf(command.data.orderId)).charges).toHaveLength(1);
  }, 60_000);

  it('given an order already charged, when the saga sends ChargePayment again under a new message id, then it is answered again from the record, not charged again, and PaymentCharged is published once', async () => {
    const first = chargeCommand();
    const { orderId } = first.data;
    await rig.publisher.send(first);
    const [charged] = await rig.replies.waitForReplies(orderId);
    const again = { ...first, messageId: randomUUID() };
    await rig.publisher.send(again);

    const answers = await rig.replies.waitForReplies(orderId, 2);
    expect(answers[1]).toMatchObject({ type: 'PaymentCharged', causationId: again.messageId });
    expect(answers[1]?.data['paymentId']).toBe(charged?.data['paymentId']);
    expect((await rig.provider.ledgerOf(orderId)).charges).toHaveLength(1);
    // Both answers committed with their handling, so the outbox holds all there will be.
    const rows = await waitFor('every outbox row of the order published', async () => {
      const written = await outboxRowsOf(orderId);
      return written.every((row) => row.published) ? written : undefined;
    });
    const replyRoute = `${EXCHANGES.commands} ${QUEUES.orderSagaReplies}`;
    expect(rows.map((row) => row.route)).toEqual([
      replyRoute,
      `${EXCHANGES.events} ${ROUTING_KEYS.paymentCharged}`,
      `${KAFKA_TOPICS.payments} ${orderId}`,
      replyRoute,
    ]);
    // The one fact is the first handling's, as the broker and the stream received it.
    const factOnBroker = await waitFor('PaymentCharged on shop.events', async () =>
      facts.messages.find((message) => (message.body as Reply).aggregateId === orderId),
    );
    expect((factOnBroker.body as Reply).messageId).toBe(charged?.messageId);
    expect(rows[1]?.message_id).toBe(charged?.messageId);
  }, 60_000);

  it('given a declining provider, when ChargePayment arrives, then a DECLINED row and a PaymentDeclined reply with the reason', async () => {
    await rig.provider.behave({ declineRate: 1 });
    const command = chargeCommand();
    await rig.publisher.send(command);

    const [reply] = await rig.replies.waitForReplies(command.data.orderId);
    expect(reply?.type).toBe('PaymentDeclined');
    expect(reply?.data['reason']).toEqual(expect.any(String));
    const [row] = await paymentRowsOf(command.data.orderId);
    expect(row).toMatchObject({ status: 'DECLINED', decline_reason: reply?.data['reason'] });
  }, 60_000);

  it('given a provider failing, when it recovers before the attempts run out, then the command is retried through payment.commands.retry.* and charged once', async () => {
    await rig.provider.behave({ errorRate: 1 });
    const errorsBefore = await metricOf(rig.provider.url, 'payment_provider_charges_total', {
      outcome: 'error',
    });
    const retriedBefore = await handledCommands(rig.service.baseUrl, 'retried');
    const command = chargeCommand();
    await rig.publisher.send(command);

    await waitFor(
      'the first attempt to fail at the provider',
      async () =>
        (await metricOf(rig.provider.url, 'payment_provider_charges_total', { outcome: 'error' })) >
        errorsBefore
          ? true
          : undefined,
      { intervalMs: 20 },
    );
    await rig.provider.reset();

    const [reply] = await rig.replies.waitForReplies(command.data.orderId);
    expect(reply?.type).toBe('PaymentCharged');
    expect(await handledCommands(rig.service.baseUrl, 'retried')).toBeGreaterThan(retriedBefore);
    expect((await rig.provider.ledgerOf(command.data.orderId)).charges).toHaveLength(1);
    const broker = await connect(LOCAL_INFRA.rabbitmqUrl);
    const channel = await broker.createChannel();
    await expect(
      channel.checkQueue(retryQueueName(QUEUES.paymentCommands, RETRY_DELAYS_MS[0] as number)),
    ).resolves.toMatchObject({ messageCount: 0 });
    await broker.close();
  }, 60_000);

  it('given a provider down for good, when the attempts run out, then the command lands in payment.commands.dlq with the error, and nothing is recorded', async () => {
    await rig.provider.behave({ errorRate: 1 });
    const command = chargeCommand();
    await rig.publisher.send(command);

    const [headers] = await waitFor('the dead letter', async () => {
      const taken = await rig.publisher.takeDeadLetters([command.messageId]);
      return taken.length > 0 ? taken : undefined;
    });
    expect(headers).toMatchObject({
      'x-attempts': '3',
      'x-service': 'payment-service',
      'x-original-queue': QUEUES.paymentCommands,
      'x-original-routing-key': QUEUES.paymentCommands,
    });
    expect(String(headers?.['x-error-reason'])).toContain('answered 503');
    expect(await paymentRowsOf(command.data.orderId)).toEqual([]);
    expect(rig.replies.repliesTo(command.data.orderId)).toEqual([]);
  }, 60_000);
});
