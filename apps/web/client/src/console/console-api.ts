import { callApi } from '../api/http';

export type FigureUnit = 'count' | 'per-second' | 'seconds' | 'breaker' | 'timestamp';
export type ChartData = Readonly<{
  timestamps: number[];
  series: ReadonlyArray<{ name: string; values: Array<number | null> }>;
}>;
export type LaneView = Readonly<{
  id: string;
  title: string;
  figures: ReadonlyArray<{
    id: string;
    label: string;
    unit: FigureUnit;
    rows: ReadonlyArray<{ series: string; value: number | null }>;
  }>;
  chart: Readonly<{ unit: FigureUnit; data: ChartData }>;
}>;
export type FiringAlert = Readonly<{
  name: string;
  severity: string;
  labels: string;
  summary: string;
  since: string | null;
}>;
export type DeadLetterQueue = Readonly<{
  queue: string;
  deadLetterQueue: string;
  messages: number;
}>;
export type DeadLetter = Readonly<{
  position: number;
  messageId: string | null;
  type: string | null;
  reason: string | null;
  stack: string | null;
  attempts: number | null;
  failedAt: string | null;
  originalQueue: string | null;
  headers: Readonly<Record<string, string>>;
  body: unknown;
}>;
export type SagaView = Readonly<{
  orderId: string;
  status: string;
  compensationAttempts: number;
  lastCompensationFailure: string | null;
  updatedAt: string;
}>;
/** One saga with its step log (the list leaves the steps out). */
export type SagaWithSteps = SagaView &
  Readonly<{
    steps: ReadonlyArray<{
      at: string;
      input: string;
      from: string | null;
      to: string;
      note: string | null;
    }>;
  }>;
export type Knobs = Readonly<{
  latencyMs: number;
  latencyJitterMs: number;
  errorRate: number;
  declineRate: number;
  refundErrorRate: number;
}>;

export type ChaosScenario = Readonly<{
  name: string;
  pattern: string;
  shows: string;
  fault: string;
  watch: string;
  atStake: string;
}>;
export type ChaosVerdictRow = Readonly<{
  invariant: string;
  expected: string;
  observed: string;
  result: 'pass' | 'fail' | 'skipped';
  offenders: string[];
  offenderCount: number;
  note?: string;
}>;
export type ChaosRunRequest = Readonly<{
  scenario: string;
  rate: number;
  durationS: number;
  seed: number;
}>;
export type ChaosRun = ChaosRunRequest &
  Readonly<{
    startedAt: string;
    state: 'running' | 'passed' | 'failed' | 'could-not-run';
    progress: string[];
    finishedAt?: string;
    problem?: string;
    verdict?: Readonly<{
      outcome: Readonly<{ ok: boolean; line: string }>;
      verdicts: ChaosVerdictRow[];
      injectedAtMs: number;
      healedAtMs: number;
      record: string;
    }>;
  }>;

type Items<T> = Readonly<{ items: T[] }>;
const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

/** The console's backend (apps/web/src/console), every call with the operator token. */
export const consoleApi = (token: string) => ({
  lanes: (minutes: number) =>
    callApi<{ at: string; lanes: LaneView[] }>(`/api/console/lanes?minutes=${minutes}`, { token }),
  alerts: () => callApi<Items<FiringAlert>>('/api/console/alerts', { token }),
  deadLetterQueues: () => callApi<Items<DeadLetterQueue>>('/api/console/dead-letters', { token }),
  deadLetters: (queue: string) =>
    callApi<Items<DeadLetter>>(`/api/console/dead-letters/${path(queue)}`, { token }),
  redrive: (queue: string, messageId?: string) =>
    callApi<{ redriven: unknown[] }>(
      `/api/console/dead-letters/${path(queue, ...(messageId === undefined ? [] : [messageId]))}/redrive`,
      { token, method: 'POST' },
    ),
  sagas: (state: string) =>
    callApi<Items<SagaView>>(`/api/console/sagas?state=${state}`, { token }),
  saga: (orderId: string) =>
    callApi<SagaWithSteps>(`/api/console/sagas/${path(orderId)}`, { token }),
  retrySaga: (orderId: string) =>
    callApi<SagaView>(`/api/console/sagas/${path(orderId)}/retry`, { token, method: 'POST' }),
  knobs: () => callApi<Knobs>('/api/console/payment-provider/behaviour', { token }),
  setKnobs: (knobs: Knobs) =>
    callApi<Knobs>('/api/console/payment-provider/behaviour', {
      token,
      method: 'PUT',
      body: knobs,
    }),
  chaosScenarios: () =>
    callApi<Items<ChaosScenario> & { enabled: boolean }>('/api/console/chaos/scenarios', {
      token,
    }),
  chaosRun: () =>
    callApi<{ enabled: boolean; run: ChaosRun | null }>('/api/console/chaos/run', { token }),
  startChaosRun: (request: ChaosRunRequest) =>
    callApi<{ run: ChaosRun }>('/api/console/chaos/run', { token, method: 'POST', body: request }),
});

export type ConsoleApi = ReturnType<typeof consoleApi>;
