import { ServiceUnavailableException } from '@nestjs/common';
import { z } from 'zod';
import type { ServiceCall } from '../../upstream/service-call.js';
import type { PromAlert } from './firing-alerts.js';
import type { PromMatrix, PromVector } from './lane-figures.js';

const sample = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());
const vector = z
  .object({ result: z.array(z.object({ metric: labels, value: sample })) })
  .transform((data) => data.result);
const matrix = z
  .object({ result: z.array(z.object({ metric: labels, values: z.array(sample) })) })
  .transform((data) => data.result);
const alerts = z
  .object({
    alerts: z.array(
      z.object({
        labels,
        annotations: labels.optional(),
        state: z.string(),
        activeAt: z.string().optional(),
      }),
    ),
  })
  .transform((data) => data.alerts);

/** Prometheus' HTTP query API, read through web's service call (timeout, "is down" problem). */
export class PrometheusReader {
  constructor(private readonly call: ServiceCall) {}

  async instant(promql: string, at: Date): Promise<PromVector> {
    const query = new URLSearchParams({ query: promql, time: String(at.getTime() / 1000) });
    return this.data(`/api/v1/query?${query.toString()}`, vector);
  }

  async range(promql: string, from: Date, to: Date, stepSeconds: number): Promise<PromMatrix> {
    const query = new URLSearchParams({
      query: promql,
      start: String(from.getTime() / 1000),
      end: String(to.getTime() / 1000),
      step: String(stepSeconds),
    });
    return this.data(`/api/v1/query_range?${query.toString()}`, matrix);
  }

  async alerts(): Promise<PromAlert[]> {
    return this.data('/api/v1/alerts', alerts);
  }

  /** Anything but `{ status: success, data }` of the expected shape means Prometheus is not usable. */
  private async data<T>(path: string, shape: z.ZodType<T, unknown>): Promise<T> {
    const answer = await this.call('prometheus', path);
    const body = z.object({ status: z.literal('success'), data: shape }).safeParse(answer.body);
    if (answer.status !== 200 || !body.success) {
      throw new ServiceUnavailableException({
        error: 'Service Unavailable',
        type: 'https://pattern-shop.dev/problems/unavailable/prometheus',
        message: `prometheus answered ${answer.status} with an unexpected body for ${path.split('?')[0]}`,
      });
    }
    return body.data.data;
  }
}
