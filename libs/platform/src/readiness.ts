/**
 * One dependency a service needs to do its work (its database, a broker, the SMTP server).
 * `check` resolves when the dependency answers and rejects with the reason when it does not.
 * Libraries implement this shape without importing the platform.
 */
export type ReadinessProbe = Readonly<{
  name: string;
  check: (signal: AbortSignal) => Promise<void>;
}>;

export const READINESS_PROBES = Symbol('READINESS_PROBES');
