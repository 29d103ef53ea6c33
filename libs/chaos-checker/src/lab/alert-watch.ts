import { setTimeout as delay } from 'node:timers/promises';
import {
  type AlertRecord,
  type AlertRule,
  type AlertSeries,
  labelsMatch,
  observeAlerts,
  type ObservedSeries,
  type ReportedAlert,
} from './alert-history.js';
import type { ScenarioAlert } from './scenario.js';

/** Prometheus as `infra/local/up` runs it; the lab asks it which alerts fire during a run. */
const PROMETHEUS = 'http://127.0.0.1:9090';

/** Twice per evaluation interval (5 s), so a transition is dated within a few seconds. */
const POLL_MS = 2_000;

type AlertsAnswer = { data?: { alerts?: ReportedAlert[] } };
type RulesAnswer = {
  data?: {
    groups?: Array<{
      interval: number;
      rules: Array<{ name: string; type: string; duration?: number }>;
    }>;
  };
};

const get = async <T>(url: string): Promise<T> => {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
};

/**
 * Records each alert's state transitions (pending, firing, inactive) while a run lasts, on the
 * run's timeline, and the alerting rules' `for:` and evaluation interval. A run without
 * Prometheus records no answer, and its alert verdicts then say "not checked".
 */
export class AlertWatch {
  private readonly series: ObservedSeries[] = [];
  private rules: AlertRule[] = [];
  private lastAnsweredAtMs: number | undefined;
  private lastError: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly elapsed: () => number,
    private readonly prometheus = PROMETHEUS,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.poll(), POLL_MS);
    void this.poll();
  }

  /** Stops polling after one last look, so the record ends with the state at the end. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
    await this.poll();
  }

  /** Polls until none of `alerts` is pending or firing, at most `boundMs`: quiescence for alerts. */
  async waitUntilCleared(alerts: readonly ScenarioAlert[], boundMs: number): Promise<void> {
    const until = performance.now() + boundMs;
    const active = () =>
      this.series.some(
        (s) =>
          alerts.some((a) => a.name === s.name && labelsMatch(s.labels, a.labels)) &&
          s.transitions.at(-1)?.state !== 'inactive',
      );
    await this.poll();
    while (active() && performance.now() < until) {
      await delay(POLL_MS);
      await this.poll();
    }
  }

  record(): AlertRecord {
    const series: AlertSeries[] = this.series.map((s) => ({
      ...s,
      transitions: [...s.transitions],
    }));
    return {
      rules: this.rules,
      series,
      lastAnsweredAtMs: this.lastAnsweredAtMs,
      lastError: this.lastError,
    };
  }

  /** One poll at a time, so transitions are folded in the order they were seen. */
  private poll(): Promise<void> {
    this.inFlight ??= this.pollOnce().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async pollOnce(): Promise<void> {
    try {
      if (this.rules.length === 0) this.rules = await this.readRules();
      const answer = await get<AlertsAnswer>(`${this.prometheus}/api/v1/alerts`);
      const atMs = this.elapsed();
      observeAlerts(this.series, answer.data?.alerts ?? [], atMs, Date.now());
      this.lastAnsweredAtMs = atMs;
    } catch (error) {
      // Prometheus is optional for a run: the alert verdicts then say what was not checked.
      this.lastError = (error as Error).message;
    }
  }

  private async readRules(): Promise<AlertRule[]> {
    const answer = await get<RulesAnswer>(`${this.prometheus}/api/v1/rules?type=alert`);
    return (answer.data?.groups ?? []).flatMap((group) =>
      group.rules
        .filter((rule) => rule.type === 'alerting')
        .map((rule) => ({ name: rule.name, forS: rule.duration ?? 0, intervalS: group.interval })),
    );
  }
}
