import type { ServiceName } from '@pattern-shop/contracts';
import { appUrl } from './addresses.js';

/**
 * The value of one sample of an app's Prometheus text, e.g.
 * `circuit_breaker_calls_total{target="inventory-service",result="short_circuited"}`;
 * 0 when the app does not export it yet.
 */
export const sampleValue = (text: string, name: string, labels: Record<string, string>): number => {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find(
      (l) =>
        (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) &&
        wanted.every((label) => l.includes(label)),
    );
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
};

export const readSample = async (
  app: ServiceName,
  name: string,
  labels: Record<string, string>,
): Promise<number> => {
  const response = await fetch(`${appUrl(app)}/metrics`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${app} /metrics answered ${response.status}`);
  return sampleValue(await response.text(), name, labels);
};
