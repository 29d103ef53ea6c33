import { z } from 'zod';

/** A scenario of the lab's catalogue, as `chaos list --json` prints it. */
export const catalogueEntry = z.object({
  name: z.string(),
  pattern: z.string(),
  shows: z.string(),
  fault: z.string(),
  watch: z.string(),
  atStake: z.string(),
  weak: z.boolean(),
});
export type CatalogueEntry = z.infer<typeof catalogueEntry>;

const verdictRow = z.object({
  invariant: z.string(),
  expected: z.string(),
  observed: z.string(),
  result: z.enum(['pass', 'fail', 'skipped']),
  offenders: z.array(z.string()),
  offenderCount: z.number(),
  note: z.string().optional(),
});

/** One line of `chaos run --json`: a progress line, or a scenario's verdict. */
const labLine = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('progress'), line: z.string() }),
  z.object({
    kind: z.literal('verdict'),
    outcome: z.object({ ok: z.boolean(), line: z.string() }),
    verdicts: z.array(verdictRow),
    phases: z.array(
      z.object({
        phase: z.string(),
        attempts: z.number(),
        byStatus: z.record(z.string(), z.number()),
        p50: z.number(),
        p99: z.number(),
      }),
    ),
    injectedAtMs: z.number(),
    healedAtMs: z.number(),
    orderIds: z.array(z.string()),
    record: z.string(),
  }),
]);
export type LabLine = z.infer<typeof labLine>;
export type RunVerdict = Omit<Extract<LabLine, { kind: 'verdict' }>, 'kind'>;

export type RunRequest = Readonly<{
  scenario: string;
  rate: number;
  durationS: number;
  seed: number;
}>;

export type ChaosRunView = Readonly<
  RunRequest & {
    startedAt: string;
    state: 'running' | 'passed' | 'failed' | 'could-not-run';
    progress: readonly string[];
    verdict?: RunVerdict;
    finishedAt?: string;
    /** Why the lab stopped without a verdict (its last error lines). */
    problem?: string;
  }
>;

/** The console shows the latest lines only; a long run prints one every 5 s. */
const PROGRESS_KEPT = 40;

/** A line the lab printed, or nothing when it is not one of its JSON lines. */
export const parseLabLine = (text: string): LabLine | undefined => {
  try {
    const parsed = labLine.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

export const startedRun = (request: RunRequest, now: Date): ChaosRunView => ({
  ...request,
  startedAt: now.toISOString(),
  state: 'running',
  progress: [],
});

export const evolveRun = (run: ChaosRunView, line: LabLine): ChaosRunView => {
  if (line.kind === 'progress')
    return { ...run, progress: [...run.progress, line.line].slice(-PROGRESS_KEPT) };
  const { outcome, verdicts, phases, injectedAtMs, healedAtMs, orderIds, record } = line;
  return {
    ...run,
    verdict: { outcome, verdicts, phases, injectedAtMs, healedAtMs, orderIds, record },
  };
};

/** The lab's process ended: its verdict decides, and without one its error lines say why. */
export const finishedRun = (
  run: ChaosRunView,
  exitCode: number | null,
  errorLines: readonly string[],
  now: Date,
): ChaosRunView => {
  const finishedAt = now.toISOString();
  if (run.verdict !== undefined)
    return { ...run, finishedAt, state: run.verdict.outcome.ok ? 'passed' : 'failed' };
  const why = errorLines.join('\n').trim();
  return {
    ...run,
    finishedAt,
    state: 'could-not-run',
    problem: why === '' ? `the lab exited ${exitCode ?? 'on a signal'} without a verdict` : why,
  };
};
