/** Prometheus as `infra/local/up` runs it; the lab asks it which alerts fire during a run. */
const PROMETHEUS = 'http://127.0.0.1:9090';

type AlertsAnswer = { data?: { alerts?: Array<{ labels: { alertname: string }; state: string }> } };

/**
 * Records every alert Prometheus shows pending or firing while a run lasts, with when it was
 * first seen. A run on a laptop without Prometheus records none and says so.
 */
export class AlertWatch {
  readonly seen: Array<{ name: string; firstSeenMs: number; state: string }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly elapsed: () => number) {}

  start(): void {
    this.timer ??= setInterval(() => void this.poll(), 5_000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    try {
      const response = await fetch(`${PROMETHEUS}/api/v1/alerts`, {
        signal: AbortSignal.timeout(2_000),
      });
      const answer = (await response.json()) as AlertsAnswer;
      for (const alert of answer.data?.alerts ?? []) {
        const name = alert.labels.alertname;
        const known = this.seen.find((s) => s.name === name);
        if (known === undefined)
          this.seen.push({ name, firstSeenMs: this.elapsed(), state: alert.state });
        else if (alert.state === 'firing') known.state = 'firing';
      }
    } catch {
      // Prometheus is optional for a run: the record then lists no alerts.
    }
  }
}
