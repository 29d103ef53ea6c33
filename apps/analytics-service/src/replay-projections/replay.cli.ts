// Rebuilds analytics-service's projections from the Kafka streams into fresh tables and swaps them
// in when caught up; the live service keeps answering meanwhile (pattern 4).
// Usage: npm run analytics:replay -- --from earliest|<ISO timestamp>
// Progress goes to stderr; the last stdout line is a JSON summary (the benchmark reads it).
import { randomBytes } from 'node:crypto';
import { createKafkaClient } from '@pattern-shop/messaging-kafka';
import { kafkaLoginOf } from '@pattern-shop/platform';
import { exitWith, openCommandLineContext } from '../command-line.js';
import { progressBar } from './progress-bar.js';
import { replayProjections } from './replay-projections.js';

const USAGE =
  'usage: analytics:replay -- --from earliest|<ISO timestamp, e.g. 2026-11-23T00:00:00Z>';

export const parseFrom = (args: readonly string[]): 'earliest' | Date | undefined => {
  const at = args.indexOf('--from');
  const value = at < 0 ? undefined : args[at + 1];
  if (value === undefined) return undefined;
  if (value === 'earliest') return 'earliest';
  const date = new Date(value);
  return /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(date.getTime()) ? date : undefined;
};

const main = async (): Promise<number> => {
  const from = parseFrom(process.argv.slice(2));
  if (from === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 64; // EX_USAGE
  }
  // PATTERN_SHOP_PARSE_ONLY=1: print the parsed command and stop, so a test can hold the docs' commands to the parser.
  if (process.env['PATTERN_SHOP_PARSE_ONLY'] === '1')
    return (console.log(JSON.stringify({ from })), 0);
  const { config, logger, dataSource } = await openCommandLineContext('analytics-replay', 8);
  const kafka = createKafkaClient({
    clientId: 'analytics-replay',
    brokers: config.KAFKA_BROKERS,
    login: kafkaLoginOf(config),
    logger,
  });
  let bar: ReturnType<typeof progressBar> | undefined;
  // CPU from the first applied slice on, the window of the summary's rate (the benchmark reads it).
  let cpuAtFirstSlice: NodeJS.CpuUsage | undefined;
  try {
    const result = await replayProjections({
      dataSource,
      kafka,
      logger,
      liveSchema: config.ANALYTICS_SCHEMA,
      consumerGroup: config.ANALYTICS_CONSUMER_GROUP,
      topics: config.ANALYTICS_TOPICS,
      from,
      runId: `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`,
      onProgress: (done, total) => {
        cpuAtFirstSlice ??= process.cpuUsage();
        (bar ??= progressBar(process.stderr, total)).update(done);
      },
    });
    bar ??= progressBar(process.stderr, result.total);
    bar.finish(result.total, 'swapped in', result.eventsPerSecond);
    const cpu = process.cpuUsage(cpuAtFirstSlice);
    const applyCpuSeconds = (cpu.user + cpu.system) / 1e6;
    process.stdout.write(
      `${JSON.stringify({ ...result, applyCpuSeconds, schema: config.ANALYTICS_SCHEMA })}\n`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
};

exitWith(main, 'replay failed');
