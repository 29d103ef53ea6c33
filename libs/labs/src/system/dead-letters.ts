import { connect } from 'amqplib';
import { MESSAGE_HEADERS } from '@pattern-shop/contracts';
import { connectToRabbit, DeadLetterBrowser } from '@pattern-shop/messaging-rabbitmq';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';

export type LetterSeen = Readonly<{ messageId: string | undefined; correlationId: string }>;

/** The letters in `queue`'s dead-letter queue, read and given back untouched. */
export const lettersOf = async (queue: string): Promise<LetterSeen[]> => {
  const model = await connectToRabbit(LOCAL_INFRA.rabbitmqUrl);
  try {
    const browser = await DeadLetterBrowser.open(model, queue);
    try {
      return browser.letters.map((letter) => ({
        messageId: letter.messageId,
        correlationId: String(letter.headers[MESSAGE_HEADERS.correlationId] ?? ''),
      }));
    } finally {
      await browser.release();
    }
  } finally {
    await model.close().catch(() => undefined);
  }
};

/** Messages ready in a queue, asked over AMQP (the management API's counts lag). */
export const readyIn = async (queue: string): Promise<number> => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await connection.close().catch(() => undefined);
  }
};

/** Waits until the message lands in `queue`'s dead-letter queue, after its retries. */
export const waitForLetter = (queue: string, messageId: string, timeoutMs: number): Promise<true> =>
  waitFor(
    `${messageId} in ${queue}'s dead letters`,
    async () =>
      (await lettersOf(queue)).some((letter) => letter.messageId === messageId) ? true : undefined,
    { timeoutMs, intervalMs: 1_000 },
  );
