import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Kafka } from 'kafkajs';
import { kafkaStreamConsumer } from './kafka-stream-consumer.js';

type Listener = (event: { payload: Record<string, unknown> }) => void;

/** A kafkajs consumer that only records its listeners and its disconnects. */
class FakeConsumer {
  readonly events = { GROUP_JOIN: 'join', CRASH: 'crash' } as const;
  readonly listeners = new Map<string, Listener>();
  disconnected = false;
  on(event: string, listener: Listener) {
    this.listeners.set(event, listener);
  }
  connect = () => Promise.resolve();
  subscribe = () => Promise.resolve();
  run = () => Promise.resolve();
  async disconnect() {
    this.disconnected = true;
  }
  crash(restart: boolean) {
    this.listeners.get('crash')?.({ payload: { error: new Error('refused'), restart } });
  }
}

const quiet = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

describe('kafkaStreamConsumer: after a crash kafkajs does not restart', () => {
  let created: FakeConsumer[];
  let kafka: Kafka;

  beforeEach(() => {
    jest.useFakeTimers();
    created = [];
    kafka = {
      consumer: () => {
        const consumer = new FakeConsumer();
        created.push(consumer);
        return consumer;
      },
    } as unknown as Kafka;
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  const started = async () => {
    const consumer = kafkaStreamConsumer(kafka, { groupId: 'g', topics: ['t'] }, quiet);
    await consumer.start(async () => undefined);
    return consumer;
  };

  it('given a crash kafkajs restarts itself, then no second consumer is made', async () => {
    await started();
    created[0]?.crash(true);
    await jest.advanceTimersByTimeAsync(60_000);

    expect(created).toHaveLength(1);
  });

  it('given a crash kafkajs gives up on, then a new consumer starts within the first pause (at most 1 s)', async () => {
    await started();
    created[0]?.crash(false);
    await jest.advanceTimersByTimeAsync(1_000);

    expect(created).toHaveLength(2);
  });

  it('given crashes that keep coming, then each pause is at most twice the last, up to 30 s', async () => {
    await started();
    for (const ceilingMs of [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) {
      const before = created.length;
      created.at(-1)?.crash(false);
      await jest.advanceTimersByTimeAsync(ceilingMs);
      expect(created).toHaveLength(before + 1);
    }
  });

  it('given a stop during the pause, then no new consumer starts', async () => {
    const consumer = await started();
    created[0]?.crash(false);
    await consumer.stop();
    await jest.advanceTimersByTimeAsync(60_000);

    expect(created).toHaveLength(1);
  });

  it('given the crash of a consumer already replaced, then it starts nothing', async () => {
    await started();
    created[0]?.crash(false);
    await jest.advanceTimersByTimeAsync(1_000);
    created[0]?.crash(false); // the old one's late event
    await jest.advanceTimersByTimeAsync(60_000);

    expect(created).toHaveLength(2);
  });
});
