import { describe, expect, it } from '@jest/globals';
import type { OutboxRow } from './outbox-store.js';
import { publishInOrder, waveThrough } from './publish-in-order.js';

const row = (id: number, aggregateId: string, overrides: Partial<OutboxRow> = {}): OutboxRow => ({
  id: String(id),
  aggregateId,
  destination: 'rabbitmq',
  exchangeOrTopic: 'shop.events',
  routingKeyOrKafkaKey: 'order.placed',
  mandatory: false,
  messageId: `message-${id}`,
  type: 'OrderPlaced',
  headers: {},
  body: '{}',
  attempts: 0,
  due: true,
  ...overrides,
});

/** Records each wave and fails the rows whose ids are listed. */
const recordingWave = (failingIds: readonly string[] = []) => {
  const waves: string[][] = [];
  const publish = async (rows: readonly OutboxRow[]) => {
    waves.push(rows.map((r) => r.id));
    return rows.map((r) =>
      failingIds.includes(r.id) ? new Error(`broker refused ${r.id}`) : undefined,
    );
  };
  return { waves, publish };
};

describe('publishInOrder', () => {
  it('given rows of several aggregates, when published, then each wave holds at most one row per aggregate, in id order', async () => {
    const { waves, publish } = recordingWave();
    const rows = [row(1, 'a'), row(2, 'b'), row(3, 'a'), row(4, 'a'), row(5, 'b')];

    const outcome = await publishInOrder(rows, publish);

    expect(waves).toEqual([['1', '2'], ['3', '5'], ['4']]);
    expect(outcome.published.map((r) => r.id)).toEqual(['1', '2', '3', '5', '4']);
    expect(outcome.failed).toEqual([]);
  });

  it('given a row that fails, then the later rows of its aggregate are not published while other aggregates go on', async () => {
    const { waves, publish } = recordingWave(['3']);
    const rows = [row(1, 'a'), row(2, 'b'), row(3, 'a'), row(4, 'b'), row(5, 'a'), row(6, 'b')];

    const outcome = await publishInOrder(rows, publish);

    expect(waves).toEqual([['1', '2'], ['3', '4'], ['6']]);
    expect(outcome.published.map((r) => r.id)).toEqual(['1', '2', '4', '6']);
    expect(outcome.failed.map(({ row: r, error }) => [r.id, error.message])).toEqual([
      ['3', 'broker refused 3'],
    ]);
  });

  it('given the lease running out after the first wave, then no further wave starts and the rows left are neither published nor failed', async () => {
    const { waves, publish } = recordingWave();
    const rows = [row(1, 'a'), row(2, 'b'), row(3, 'a'), row(4, 'a')];
    let wavesAllowed = 1;

    const outcome = await publishInOrder(rows, publish, () => wavesAllowed-- > 0);

    expect(waves).toEqual([['1', '2']]);
    expect(outcome.published.map((r) => r.id)).toEqual(['1', '2']);
    expect(outcome.failed).toEqual([]);
  });

  it('given an aggregate whose oldest row is not due, then none of its rows is published', async () => {
    const { waves, publish } = recordingWave();
    const rows = [row(1, 'a', { due: false, attempts: 3 }), row(2, 'b'), row(3, 'a')];

    const outcome = await publishInOrder(rows, publish);

    expect(waves).toEqual([['2']]);
    expect(outcome.published.map((r) => r.id)).toEqual(['2']);
  });

  it('given the same aggregate on two destinations, then each destination is its own stream', async () => {
    const { waves, publish } = recordingWave(['1']);
    const rows = [
      row(1, 'a'),
      row(2, 'a', { destination: 'kafka' }),
      row(3, 'a', { destination: 'kafka' }),
    ];

    const outcome = await publishInOrder(rows, publish);

    expect(waves).toEqual([['1', '2'], ['3']]);
    expect(outcome.published.map((r) => r.id)).toEqual(['2', '3']);
  });
});

describe('waveThrough', () => {
  it('given rows for a destination without a publisher, then they fail with a clear reason and the others are published', async () => {
    const kafka = recordingWave();
    const publishWave = waveThrough({ kafka: { publish: kafka.publish } });

    const results = await publishWave([row(1, 'a'), row(2, 'b', { destination: 'kafka' })]);

    expect(results[0]?.message).toBe('no rabbitmq publisher in this service');
    expect(results[1]).toBeUndefined();
    expect(kafka.waves).toEqual([['2']]);
  });

  it('given a publisher that answers for fewer rows than it got, then the unanswered rows fail', async () => {
    const publishWave = waveThrough({ rabbitmq: { publish: async () => [undefined] } });

    const results = await publishWave([row(1, 'a'), row(2, 'b')]);

    expect(results[0]).toBeUndefined();
    expect(results[1]).toBeInstanceOf(Error);
  });
});
