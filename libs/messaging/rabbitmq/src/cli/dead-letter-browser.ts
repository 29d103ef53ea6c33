import { connect, type ChannelModel, type ConfirmChannel, type Message } from 'amqplib';
import type { DeadLetter } from './dead-letter-format.js';
import { holdQueuedMessages, waitUntilCounted } from './hold-queued-messages.js';
import {
  isParkedSagaQueue,
  letterQueueOf,
  PARKED_SAGA_REDRIVE_REFUSAL,
} from './parked-saga-notes.js';
import { redriveTarget, redrivenHeaders } from './redrive-headers.js';

export type HeldDeadLetter = DeadLetter & Readonly<{ message: Message }>;

/** Opens a plain connection (no endless recovery: a tool should fail fast and say why). */
export const connectToRabbit = async (url: string): Promise<ChannelModel> => {
  const target = new URL(url);
  try {
    return await connect(url, {
      timeout: 5_000,
      clientProperties: { connection_name: 'dead-letters-cli' },
    });
  } catch (error) {
    throw new Error(`RabbitMQ unreachable at ${target.host}: ${messageOf(error)}`);
  }
};

/**
 * Reads the dead letters of `queue` (from `Q.dlq`, or the parked sagas' notes) and holds them.
 * How, and why this way: `holdQueuedMessages`, on one channel, up to the depth seen at the start
 * (so letters arriving meanwhile cannot make it read forever). Every letter stays unacknowledged,
 * so it is invisible to others yet never lost: `redrive` acks only the ones it moved, after the
 * broker confirmed their copy, `discard` only the ones it removes, and `release` returns the rest
 * by closing the channel. Closing, not
 * nack-requeue: a nack counts as a failed delivery in a quorum queue (a DLQ with a delivery limit
 * would drop the letter), and a closed channel's letters go back without a verdict. The rest keep
 * their relative order; on RabbitMQ 3.x a returned letter may move behind newer ones, so an index
 * is the position at this reading, and letters are chosen by message id.
 * Each letter is held in memory: dead-letter queues are meant to stay small; this is a tool for
 * people, not a bulk mover.
 */
export class DeadLetterBrowser {
  /** The letters acked (moved or discarded): the rest go back at `release`. */
  private readonly settled = new Set<HeldDeadLetter>();

  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: ConfirmChannel,
    readonly queue: string,
    /** The queue the letters are read from: `Q.dlq`, or `order.saga-parked` itself. */
    readonly letterQueue: string,
    readonly letters: readonly HeldDeadLetter[],
  ) {}

  static async open(model: ChannelModel, queue: string): Promise<DeadLetterBrowser> {
    const letterQueue = letterQueueOf(queue);
    const channel = await model.createConfirmChannel();
    channel.on('error', () => undefined); // a 404 closes the channel; the rejection says why
    try {
      await channel.checkQueue(letterQueue);
    } catch {
      throw new Error(
        isParkedSagaQueue(queue)
          ? `no queue '${queue}' (order-service declares it when it starts)`
          : `no dead-letter queue '${letterQueue}' (is '${queue}' a consumed queue?)`,
      );
    }
    const messages = await holdQueuedMessages(channel, letterQueue);
    const letters = messages.map((message, index) => held(message, index + 1));
    return new DeadLetterBrowser(model, channel, queue, letterQueue, letters);
  }

  find(messageId: string): HeldDeadLetter {
    const letter = this.letters.find((candidate) => candidate.messageId === messageId);
    if (letter === undefined) {
      throw new Error(`no dead letter with message id '${messageId}' in '${this.letterQueue}'`);
    }
    return letter;
  }

  /** Removes these letters for good: acks them; the others go back at `release`. */
  async discard(letters: readonly HeldDeadLetter[]): Promise<void> {
    for (const letter of letters) this.channel.ack(letter.message);
    await this.settleAcks(letters);
  }

  /**
   * Publishes each letter back to its original queue, waits for the broker's confirms, and only
   * then acks the dead letters. A crash in between leaves a letter in both places, never in
   * neither; the consumer's inbox makes the duplicate harmless. Returns where each one went.
   */
  async redrive(
    letters: readonly HeldDeadLetter[],
    now: Date,
  ): Promise<Map<HeldDeadLetter, string>> {
    // A note's target would be its own queue: refused here, whoever calls (the CLI, the console).
    if (isParkedSagaQueue(this.queue)) throw new Error(PARKED_SAGA_REDRIVE_REFUSAL);
    const targets = new Map(
      letters.map((letter) => [letter, redriveTarget(letter.headers, this.queue)]),
    );
    await this.checkQueuesExist(new Set(targets.values()));
    for (const [letter, target] of targets) {
      const { properties, content } = letter.message;
      const options = {
        ...properties,
        headers: redrivenHeaders(letter.headers, now),
        persistent: true,
      };
      this.channel.sendToQueue(target, content, options);
    }
    await this.channel.waitForConfirms();
    for (const letter of letters) this.channel.ack(letter.message);
    await this.settleAcks(letters);
    return targets;
  }

  /**
   * Gives back every letter not acked: closing the channel returns them to the queue. Then waits
   * until the broker counts them again, so that the next command, which reads up to the depth it
   * sees, finds them.
   */
  async release(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    const returned = this.letters.length - this.settled.size;
    if (returned > 0) await waitUntilCounted(this.model, this.letterQueue, returned);
  }

  /**
   * Acks have no answer, and RabbitMQ 3.10 lost acks sent just before the channel closed (the
   * letters came back): one more round trip on the channel makes the broker take them first.
   */
  private async settleAcks(letters: readonly HeldDeadLetter[]): Promise<void> {
    for (const letter of letters) this.settled.add(letter);
    await this.channel.checkQueue(this.letterQueue);
  }

  /** The default exchange drops a message for a missing queue silently: check first. */
  private async checkQueuesExist(queues: ReadonlySet<string>): Promise<void> {
    for (const queue of queues) {
      try {
        await this.channel.checkQueue(queue);
      } catch {
        throw new Error(`cannot redrive: queue '${queue}' does not exist`);
      }
    }
  }
}

const held = (message: Message, index: number): HeldDeadLetter => {
  const { messageId, type, headers } = message.properties as {
    messageId?: unknown;
    type?: unknown;
    headers?: Record<string, unknown>;
  };
  return {
    index,
    messageId: typeof messageId === 'string' ? messageId : undefined,
    type: typeof type === 'string' ? type : undefined,
    headers: headers ?? {},
    body: message.content,
    message,
  };
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
