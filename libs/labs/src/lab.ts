/**
 * A workshop lab, written once: the page a learner follows (docs/labs/) is rendered from it, and
 * its test runs the very commands the page shows, so the two cannot drift apart.
 */

/** One block of a page: prose, or shell commands a learner copies and the lab's test runs. */
export type Step =
  | Readonly<{ say: string }>
  | Readonly<{
      run: string;
      /** A grading command: the break must make it fail (exit 1), the fix make it pass. */
      expect?: 'fail' | 'pass';
    }>;

/** The verdict of `npm run lab -- check <n>`, from the system's own state. */
export type Grade = Readonly<{
  passed: boolean;
  /** Why, in the learner's terms: what the system did, not what they answered. */
  reasons: readonly string[];
  /** What was measured, e.g. `POST /orders p99 12 ms`. */
  figures: readonly string[];
}>;

export type Lab = Readonly<{
  number: number;
  /** The page's file name without `.md`, e.g. `01-request-response`. */
  slug: string;
  title: string;
  /** The pattern page it builds on, relative to docs/labs/. */
  patternPage: string;
  minutes: string;
  youWillSee: string;
  /** Where to look while it runs: metrics, logs, the console. */
  watch: string;
  setup: readonly Step[];
  breakIt: readonly Step[];
  questions: readonly string[];
  fix: readonly Step[];
  /** For the facilitator's answers page, one per question. */
  answers: readonly string[];
  /** Probes the running stack and judges; `log` prints progress. */
  grade: (log: (line: string) => void) => Promise<Grade>;
}>;

export const isCommand = (step: Step): step is Extract<Step, { run: string }> => 'run' in step;

export const passed = (figures: readonly string[], reasons: readonly string[]): Grade => ({
  passed: true,
  reasons,
  figures,
});

export const failed = (figures: readonly string[], reasons: readonly string[]): Grade => ({
  passed: false,
  reasons,
  figures,
});
