export type IntervalTimers = Readonly<{
  setInterval: (callback: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}>;

const nodeTimers: IntervalTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/**
 * The application heartbeat, sent to one slice of the sockets at a time, every `intervalMs /
 * slices`. Its timer runs only while a socket is open: at rest it would wake the process
 * `slices` times per interval for nobody.
 */
export class SlicedHeartbeat {
  private handle: unknown;
  private open = 0;
  private joined = 0;
  private next = 0;

  constructor(
    private readonly emit: (slice: number) => void,
    private readonly settings: Readonly<{ intervalMs: number | undefined; slices: number }>,
    private readonly timers: IntervalTimers = nodeTimers,
  ) {}

  /** A socket opened: the slice it joins (round robin); the first one starts the timer. */
  opened(): number {
    const { intervalMs, slices } = this.settings;
    if (this.open++ === 0 && intervalMs !== undefined)
      this.handle = this.timers.setInterval(() => {
        this.emit(this.next);
        this.next = (this.next + 1) % slices;
      }, intervalMs / slices);
    return this.joined++ % slices;
  }

  /** A socket closed: the last one stops the timer. */
  closed(): void {
    if (--this.open === 0) this.stop();
  }

  get running(): boolean {
    return this.handle !== undefined;
  }

  stop(): void {
    if (this.handle !== undefined) this.timers.clearInterval(this.handle);
    this.handle = undefined;
  }
}
