import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';

/**
 * infra/grafana's dashboards, checked without a Grafana: every panel queries the provisioned
 * Prometheus, every query parses (the real promtool, given the queries as recording rules), and
 * every metric a query names is one the services export (the table of docs/observability.md).
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const dashboardsDir = path.join(repoRoot, 'infra', 'grafana', 'dashboards');
const scratch = mkdtempSync(path.join(tmpdir(), 'grafana-check-'));

type Panel = {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr: string }[];
};
const dashboards = readdirSync(dashboardsDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({
    file,
    panels: (
      JSON.parse(readFileSync(path.join(dashboardsDir, file), 'utf8')) as { panels: Panel[] }
    ).panels,
  }));
const queries = dashboards.flatMap(({ panels }) =>
  panels
    .filter((panel) => panel.type !== 'row')
    .flatMap((panel) => (panel.targets ?? []).map((t) => ({ panel: panel.title, expr: t.expr }))),
);

const documented = new Set(
  readFileSync(path.join(repoRoot, 'docs', 'observability.md'), 'utf8')
    .split('\n')
    .filter((line) => /^\| [^|]+\| `[a-z_]+` /.test(line))
    .map((line) => /`([a-z_]+)`/.exec(line)?.[1] ?? ''),
);
const OURS =
  /\b(?:http_server|outbox|circuit_breaker|rabbitmq|kafka|analytics|checkout_saga|payment_provider|realtime|batch_job)[a-z_]*/g;
const metricOf = (name: string) => name.replace(/_(bucket|count|sum)$/, '');
/** Label names (`by (batch_job)`, `{batch_job="x"}`) are not metrics: drop them first. */
const withoutLabels = (expr: string) =>
  expr.replace(/\b(by|without)\s*\([^)]*\)/g, '').replace(/\{[^}]*\}/g, '');

const promtool = (...args: string[]) => promisify(execFile)('promtool', args);

describe('Grafana dashboards (infra/grafana)', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('given the provisioned dashboards, then there is an overview with a row per pattern, and every panel asks the Prometheus data source', () => {
    const rows = dashboards.flatMap(({ panels }) =>
      panels.filter((p) => p.type === 'row').map((p) => p.title),
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        'Overview',
        ...[1, 2, 3, 4, 5, 6, 7].map((n) => expect.stringMatching(new RegExp(`^${n} `))),
      ]),
    );
    const panels = dashboards.flatMap(({ panels }) => panels.filter((p) => p.type !== 'row'));
    expect(
      panels.filter((p) => p.datasource?.uid !== 'prometheus' || (p.targets ?? []).length === 0),
    ).toEqual([]);
  });

  it('given every query, when promtool checks them as recording rules, then each one parses', async () => {
    const rules = queries.map(({ expr }, index) => ({ record: `dashboard:query_${index}`, expr }));
    const file = path.join(scratch, 'dashboard-queries.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard-queries', rules }] }));

    const { stdout } = await promtool('check', 'rules', file);

    expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('given a query with a typo, when promtool checks it, then it is refused (the check can fail)', async () => {
    const file = path.join(scratch, 'broken.yml');
    writeFileSync(
      file,
      stringify({
        groups: [{ name: 'broken', rules: [{ record: 'x:y', expr: 'sum(rate(up[1m])' }] }],
      }),
    );

    await expect(promtool('check', 'rules', file)).rejects.toThrow(
      /could not parse|parse error|unclosed/i,
    );
  });

  it('given every query, then each metric it names is one the services export (docs/observability.md)', () => {
    const unknown = queries.flatMap(({ panel, expr }) =>
      [...withoutLabels(expr).matchAll(OURS)]
        .map(([name]) => metricOf(name))
        .filter((name) => !documented.has(name))
        .map((name) => `${panel}: ${name}`),
    );
    expect(documented.size).toBeGreaterThan(40);
    expect(unknown).toEqual([]);
  });
});
