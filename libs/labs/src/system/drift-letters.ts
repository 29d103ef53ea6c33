import { MESSAGE_HEADERS, QUEUES } from '@pattern-shop/contracts';
import { connectToRabbit, DeadLetterBrowser } from '@pattern-shop/messaging-rabbitmq';
import { LOCAL_INFRA } from '@pattern-shop/testing';

export type RefusedFact = Readonly<{ messageId: string; correlationId: string; reason: string }>;

const text = (value: unknown): string =>
  Buffer.isBuffer(value) ? value.toString('utf8') : String(value ?? '');

/**
 * The letters in `email.order-events.dlq`, with why email-service refused each; read and given
 * back untouched, except `discard`'s, which are removed (the check's own probe, never a learner's).
 */
export const refusedByEmail = async (discard?: string): Promise<RefusedFact[]> => {
  const model = await connectToRabbit(LOCAL_INFRA.rabbitmqUrl);
  try {
    const browser = await DeadLetterBrowser.open(model, QUEUES.emailOrderEvents);
    try {
      const facts = browser.letters.map((letter) => ({
        messageId: letter.messageId ?? '',
        correlationId: text(letter.headers[MESSAGE_HEADERS.correlationId]),
        reason: text(letter.headers['x-error-reason']),
      }));
      const mine = browser.letters.filter((l) => discard !== undefined && l.messageId === discard);
      if (mine.length > 0) await browser.discard(mine);
      return facts;
    } finally {
      await browser.release();
    }
  } finally {
    await model.close().catch(() => undefined);
  }
};
