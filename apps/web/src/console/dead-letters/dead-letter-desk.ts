import { ConflictException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import {
  connectToRabbit,
  consumedQueueName,
  isParkedSagaQueue,
  DeadLetterBrowser,
  listDeadLetterQueues,
  type ManagementApi,
} from '@pattern-shop/messaging-rabbitmq';
import {
  deadLetterView,
  type DeadLetterQueueView,
  type DeadLetterView,
  queueViews,
} from './dead-letter-view.js';

export type RabbitSettings = Readonly<{ url: string; managementUrl: string }>;

export type Redriven = Readonly<{
  redriven: ReadonlyArray<{ messageId: string | null; to: string }>;
}>;

/**
 * The dead-letters CLI's operations for the console, through the same library (DeadLetterBrowser
 * and listDeadLetterQueues): each call opens a connection, holds the letters, and releases what it
 * did not move, so a failed or refused call leaves every queue as it was.
 */
export class DeadLetterDesk {
  constructor(private readonly settings: RabbitSettings) {}

  async queues(): Promise<DeadLetterQueueView[]> {
    const amqp = new URL(this.settings.url);
    const api: ManagementApi = {
      url: this.settings.managementUrl,
      user: decodeURIComponent(amqp.username) || 'guest',
      password: decodeURIComponent(amqp.password) || 'guest',
    };
    const vhost = decodeURIComponent(amqp.pathname.slice(1)) || '/';
    return queueViews(await listDeadLetterQueues(api, vhost).catch(unavailable));
  }

  async letters(queue: string): Promise<DeadLetterView[]> {
    return this.withLetters(queue, (browser) => browser.letters.map(deadLetterView));
  }

  async letter(queue: string, messageId: string): Promise<DeadLetterView> {
    return this.withLetters(queue, (browser) => deadLetterView(found(browser, messageId)));
  }

  /** Redrives one letter (by id) or, without an id, every letter of the queue. */
  async redrive(queue: string, messageId: string | undefined, now: Date): Promise<Redriven> {
    // A parked saga's note is not a message to deliver again; a person retries the saga instead.
    if (isParkedSagaQueue(consumedQueueName(queue)))
      throw new ConflictException({
        error: 'Conflict',
        message:
          "a parked saga's note is not redriven: retry the saga (POST /sagas/<orderId>/retry on order-service), then discard the note",
      });
    return this.withLetters(queue, async (browser) => {
      const letters = messageId === undefined ? browser.letters : [found(browser, messageId)];
      const moved = await browser.redrive(letters, now).catch(unavailable);
      return {
        redriven: [...moved].map(([letter, to]) => ({ messageId: letter.messageId ?? null, to })),
      };
    });
  }

  private async withLetters<T>(
    queue: string,
    use: (browser: DeadLetterBrowser) => T | Promise<T>,
  ): Promise<T> {
    const consumed = consumedQueueName(queue);
    // The management API says which queues exist, so an unknown name is a 404, not a broker error.
    const known = await this.queues();
    if (!known.some((view) => view.queue === consumed)) {
      throw new NotFoundException({
        error: 'Not Found',
        message: `no dead-letter queue for '${consumed}'`,
      });
    }
    const model = await connectToRabbit(this.settings.url).catch(unavailable);
    model.on('error', () => undefined); // failures surface as rejected calls
    try {
      const browser = await DeadLetterBrowser.open(model, consumed).catch(unavailable);
      try {
        return await use(browser);
      } finally {
        await browser.release();
      }
    } finally {
      await model.close().catch(() => undefined);
    }
  }
}

const found = (browser: DeadLetterBrowser, messageId: string) => {
  if (!browser.letters.some((letter) => letter.messageId === messageId)) {
    throw new NotFoundException({
      error: 'Not Found',
      message: `no dead letter with message id '${messageId}' in '${browser.queue}.dlq'`,
    });
  }
  return browser.find(messageId);
};

const unavailable = (error: unknown): never => {
  throw new ServiceUnavailableException({
    error: 'Service Unavailable',
    type: 'https://pattern-shop.dev/problems/unavailable/rabbitmq',
    message: `rabbitmq is unavailable (${error instanceof Error ? error.message : String(error)}); the page retries by itself`,
  });
};
