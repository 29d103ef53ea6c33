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

/**
 * How long one dependency may take to answer before it counts as down. Half the kubelet's
 * readinessProbe timeout (2 s, k8s/apps), so a hung dependency is answered as a 503 that names it
 * while the kubelet still listens, not as a probe timeout that names nothing.
 */
export const READINESS_CHECK_TIMEOUT_MS = 1_000;
