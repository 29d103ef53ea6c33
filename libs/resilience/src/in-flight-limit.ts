/**
 * Load shedding's first half: at most `max` units of work at once, and the one past that is
 * refused at once rather than queued, because a queue in front of a saturated service only adds
 * waiting that the client will time out on anyway.
 */
export class InFlightLimit {
  private current = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
  }

  get inFlight(): number {
    return this.current;
  }

  /** A release function when admitted (call it exactly once, when the work ends); else undefined. */
  tryEnter(): (() => void) | undefined {
    if (this.current >= this.max) return undefined;
    this.current++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.current--;
    };
  }
}
