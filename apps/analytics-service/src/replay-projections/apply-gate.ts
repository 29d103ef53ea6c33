/**
 * Many batches may apply at once; an exclusive step (the schema swap) waits for them to finish
 * and holds new ones back until it is done. After a successful swap, `closed` stops them for good.
 */
export class ApplyGate {
  private active = 0;
  private drained: (() => void) | undefined;
  private held: Promise<void> | undefined;
  private closed = false;

  async apply(work: () => Promise<void>): Promise<void> {
    while (this.held !== undefined) await this.held;
    if (this.closed) return;
    this.active += 1;
    try {
      await work();
    } finally {
      this.active -= 1;
      if (this.active === 0) this.drained?.();
    }
  }

  async exclusive<T extends { swapped: boolean }>(work: () => Promise<T>): Promise<T> {
    let release: () => void = () => undefined;
    this.held = new Promise((resolve) => (release = resolve));
    try {
      if (this.active > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      const result = await work();
      if (result.swapped) this.closed = true;
      return result;
    } finally {
      this.held = undefined;
      release();
    }
  }
}
