// Pure: what lab 6's storm prints, from the times its pages tried to reconnect.

export type StormGroup = Readonly<{
  name: string;
  /** Every reconnection attempt of the group, in ms after the restart began. */
  attempts: readonly number[];
  /** When each page was subscribed again, in ms after the restart began. */
  backAt: readonly number[];
}>;

const BUCKET_MS = 250;
const BAR_WIDTH = 24;

/** The most attempts that fell within any `windowMs` of each other. */
export const busiest = (attempts: readonly number[], windowMs: number): number => {
  const sorted = [...attempts].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
};

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const bar = (n: number, of: number) =>
  `${String(n).padStart(4)} ${'#'.repeat(Math.ceil((n * BAR_WIDTH) / Math.max(of, 1)))}`.padEnd(
    BAR_WIDTH + 6,
  );

export const describeStorm = (groups: readonly StormGroup[], readyAtMs: number): string[] => {
  const all = groups.flatMap((g) => g.attempts);
  const buckets = Math.floor(Math.max(0, ...all) / BUCKET_MS) + 1;
  const size = Math.max(...groups.map((g) => g.backAt.length));
  const rows = Array.from({ length: buckets }, (_, i) => {
    const inBucket = (t: number) => t >= i * BUCKET_MS && t < (i + 1) * BUCKET_MS;
    const ready = readyAtMs >= i * BUCKET_MS && readyAtMs < (i + 1) * BUCKET_MS;
    return `  ${`+${secs(i * BUCKET_MS)}`.padStart(8)}  ${groups.map((g) => bar(g.attempts.filter(inBucket).length, size)).join('')}${ready ? '<- gateway ready' : ''}`;
  });
  return [
    `reconnection attempts per ${BUCKET_MS} ms after the restart began (kill -9, then start):`,
    `  ${'after'.padStart(8)}  ${groups.map((g) => g.name.padEnd(BAR_WIDTH + 6)).join('')}`,
    ...rows,
    ...groups.map((g) => {
      const back = [...g.backAt].sort((a, b) => a - b);
      return `${g.name}: ${g.attempts.length} attempts, at most ${busiest(g.attempts, 100)} within 100 ms; all ${back.length} back between +${secs(back[0] ?? 0)} and +${secs(back.at(-1) ?? 0)}`;
    }),
    `the gateway was ready again at +${secs(readyAtMs)}`,
  ];
};
