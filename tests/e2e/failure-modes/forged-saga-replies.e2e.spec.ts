import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'amqplib';
import {
  deadLetterQueueName,
  EXCHANGES,
  MESSAGE_HEADERS,
  type MessageEnvelope,
  newEnvelope,
  QUEUES,
} from '@pattern-shop/contracts';
import { signatureHeaders } from '@pattern-shop/messaging-signing';
import {
  infra,
  LOCAL_INFRA,
  queryServiceDb,
  type ServiceProcess,
  signedAs,
  takeQueuedMessages,
  waitFor,
} from '@pattern-shop/testing';
import {
  orderReaching,
  placeCheckout,
  provider,
  sagaOf,
  startCheckoutStack,
} from '../support/checkout-stack.js';
import { TestProducts } from '../support/inventory-stock.js';

const REPLIES_DLQ = deadLetterQueueName(QUEUES.orderSagaReplies);

/** `messages_rejected_total{queue="order.saga-replies",reason="signature"}` of order-service. */
const rejectedReplies = async (): Promise<number> => {
  const text = await (await fetch('http://127.0.0.1:3001/metrics')).text();
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith(
        `messages_rejected_total{queue="${QUEUES.orderSagaReplies}",reason="signature"}`,
      ),
    );
  return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
};

/** A PaymentDeclined for `orderId`, as payment-service would answer the saga's ChargePayment. */
const declineOf = (orderId: string): MessageEnvelope =>
  newEnvelope('PaymentDeclined', {
    messageId: randomUUID(),
    occurredAt: new Date(),
    correlationId: `forged-${orderId}`,
    causationId: randomUUID(),
    aggregateId: orderId,
    data: { orderId, amountCents: 200, currency: 'EUR', reason: 'forged by a test' },
  });

/** Publishes straight to the reply queue, as anyone with the broker's credentials could. */
const publishReplies = async (
  replies: ReadonlyArray<{ body: Buffer; headers: Record<string, string> }>,
) => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    for (const { body, headers } of replies) {
      channel.publish(EXCHANGES.commands, QUEUES.orderSagaReplies, body, {
        persistent: true,
        contentType: 'application/json',
        messageId: headers[MESSAGE_HEADERS.messageId],
        headers,
      });
    }
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
};

const envelopeHeaders = (envelope: MessageEnvelope): Record<string, string> => ({
  [MESSAGE_HEADERS.messageId]: envelope.messageId,
  [MESSAGE_HEADERS.type]: envelope.type,
  [MESSAGE_HEADERS.correlationId]: envelope.correlationId,
});

/**
 * Signed commands and replies (docs/security.md): a holder of the broker's credentials cannot
 * move a saga. Replies with no signature, another key's signature, or an altered body are
 * dead-lettered with the reason, counted, and change nothing; the genuine reply still works.
 */
describe('signed saga replies: a forged reply moves no saga', () => {
  let apps: Record<string, ServiceProcess>;
  const products = new TestProducts();
  const forgedIds: string[] = [];

  beforeAll(async () => {
    await infra('up');
    apps = await startCheckoutStack();
  }, 180_000);

  afterAll(async () => {
    await takeQueuedMessages(REPLIES_DLQ, (m) => forgedIds.includes(m.messageId ?? ''));
    await provider.reset();
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given a saga waiting for its charge, when unsigned, wrongly signed and altered declines arrive, then each is dead-lettered with the reason and counted, and the order is still CONFIRMED by the genuine reply', async () => {
    const sku = await products.add(5);
    // The charge takes a second, so the forged declines reach the saga while it waits for it.
    await provider.behave({ latencyMs: 1_000 });
    const rejectedBefore = await rejectedReplies();
    const order = await placeCheckout([{ sku, quantity: 1 }]);
    products.orderIds.push(order.orderId);
    expect((await sagaOf(order.orderId)).status).not.toBe('CANCELLED');

    const unsigned = declineOf(order.orderId);
    const wrongKey = declineOf(order.orderId);
    const altered = declineOf(order.orderId);
    const forger = {
      service: 'payment-service',
      privateKey: generateKeyPairSync('ed25519').privateKey,
    };
    const wrongKeyBody = Buffer.from(JSON.stringify(wrongKey));
    // Signed by payment-service's real key, then changed on the way: the body no longer matches.
    const alteredBody = Buffer.from(JSON.stringify(altered));
    const alteredHeaders = signedAs('payment-service', alteredBody, envelopeHeaders(altered));
    forgedIds.push(unsigned.messageId, wrongKey.messageId, altered.messageId);
    await publishReplies([
      { body: Buffer.from(JSON.stringify(unsigned)), headers: envelopeHeaders(unsigned) },
      {
        body: wrongKeyBody,
        headers: {
          ...envelopeHeaders(wrongKey),
          ...signatureHeaders(forger, wrongKeyBody, envelopeHeaders(wrongKey)),
        },
      },
      {
        body: Buffer.from(alteredBody.toString().replace('forged by a test', 'altered en route')),
        headers: alteredHeaders,
      },
    ]);

    const letters = await waitFor(
      'the three forged replies in order.saga-replies.dlq',
      async () => {
        const taken = await takeQueuedMessages(REPLIES_DLQ, (m) =>
          forgedIds.includes(m.messageId ?? ''),
        );
        return taken.length === 3 ? taken : undefined;
      },
    );
    const reasonOf = (id: string) =>
      letters.find((letter) => letter.messageId === id)?.headers['x-error-reason'];
    expect(reasonOf(unsigned.messageId)).toMatch(
      /signature refused: no x-signed-by and x-signature/,
    );
    expect(reasonOf(wrongKey.messageId)).toMatch(/signature refused: the signature does not match/);
    expect(reasonOf(altered.messageId)).toMatch(/signature refused: the signature does not match/);
    expect(await rejectedReplies()).toBe(rejectedBefore + 3);

    const confirmed = await orderReaching(order, 'CONFIRMED');
    expect(confirmed.statusVersion).toBe(2);
    expect((await sagaOf(order.orderId)).status).toBe('CONFIRMED');
    // Not even the inbox saw them: a refused message reaches no transaction.
    const seen = await queryServiceDb(
      'order-service',
      'SELECT message_id FROM processed_messages WHERE message_id = ANY($1::text[])',
      [forgedIds],
    );
    expect(seen).toEqual([]);
  }, 60_000);
});
