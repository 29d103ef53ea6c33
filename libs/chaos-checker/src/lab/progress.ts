import type { AttemptRecord } from './careful-client.js';

/** A progress line every 5 s while the load runs: what the client sent and got. */
export class Progress {
  private readonly counts = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(log: (event: string) => void) {
    this.timer = setInterval(() => log(this.line()), 5_000);
  }

  count(attempt: AttemptRecord): void {
    const key = `${attempt.phase}:${attempt.status === 0 ? 'timeout' : attempt.status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private line(): string {
    const parts = [...this.counts.entries()].map(([key, n]) => `${key} ${n}`);
    return `attempts so far: ${parts.join(', ') || 'none yet'}`;
  }
}
