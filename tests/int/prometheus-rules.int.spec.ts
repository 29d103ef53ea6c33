import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { type AppName, portOf, SERVICE_NAMES, WEB_APP } from '@pattern-shop/contracts';

/**
 * infra/prometheus, checked by the real promtool (the Debian package that infra/local/up
 * installs): the configurations, every rule file, every rule unit test; and what promtool cannot
 * see: each alert has its labels, annotations, runbook, tests that fire and do not fire, and a
 * line in docs/alerts.md.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const promDir = path.join(repoRoot, 'infra', 'prometheus');
const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort();
const ruleFiles = yamlFiles(path.join(promDir, 'rules'));
const testFiles = yamlFiles(path.join(promDir, 'tests'));

type AlertRule = {
  alert: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
type RuleTest = { alertname: string; exp_alerts?: unknown[] | null };
type TestFile = { rule_files: string[]; tests: { alert_rule_test?: RuleTest[] }[] };
type ScrapeConfig = { job_name: string; static_configs: { targets: string[] }[] };

const readYaml = <T>(...segments: string[]): T =>
  parse(readFileSync(path.join(promDir, ...segments), 'utf8')) as T;
const alerts = ruleFiles.flatMap((file) =>
  readYaml<{ groups: { rules: AlertRule[] }[] }>('rules', file).groups.flatMap((g) => g.rules),
);
const ruleTests = testFiles.flatMap((file) =>
  readYaml<TestFile>('tests', file).tests.flatMap((test) => test.alert_rule_test ?? []),
);

const findOnPath = (name: string): string | undefined =>
  (process.env['PATH'] ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, name))
    .find((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });

const run = promisify(execFile);
const promtoolPath = findOnPath('promtool');

/** promtool's exit code and everything it printed; a non-zero exit is a result, not a throw. */
const promtool = async (...args: string[]): Promise<{ code: number; output: string }> => {
  if (promtoolPath === undefined) {
    throw new Error(
      'promtool not found on PATH. Run `infra/local/up prometheus`: it installs the Debian ' +
        'package prometheus, which brings /usr/bin/promtool.',
    );
  }
  try {
    const { stdout, stderr } = await run(promtoolPath, args, { cwd: repoRoot, timeout: 60_000 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
};
const passed = (word: string) => ({ code: 0, output: expect.stringContaining(word) });

describe('Prometheus alert rules (infra/prometheus), checked by promtool', () => {
  it.each(['prometheus.yml', 'prometheus.docker.yml'])(
    'given %s, when promtool checks the config, then it and the rule files it names are valid',
    async (config) => {
      expect(await promtool('check', 'config', path.join(promDir, config))).toEqual(
        passed('SUCCESS'),
      );
    },
    30_000,
  );

  it.each(ruleFiles)(
    'given rules/%s, when promtool checks the rules, then they are valid',
    async (file) => {
      expect(await promtool('check', 'rules', path.join(promDir, 'rules', file))).toEqual(
        passed('SUCCESS'),
      );
    },
    30_000,
  );

  it.each(testFiles)(
    'given tests/%s, when promtool runs the rule unit tests, then every case passes',
    async (file) => {
      expect(await promtool('test', 'rules', path.join(promDir, 'tests', file))).toEqual(
        passed('SUCCESS'),
      );
    },
    60_000,
  );

  it('given every alert, then it has a severity, a summary, a description and a runbook in this repository', () => {
    const incomplete = alerts.filter(
      ({ labels = {}, annotations = {} }) =>
        !['critical', 'warning'].includes(labels['severity'] ?? '') ||
        !annotations['summary'] ||
        !annotations['description'] ||
        !existsSync(path.join(repoRoot, annotations['runbook'] ?? 'missing')),
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(incomplete.map(({ alert }) => alert)).toEqual([]);
  });

  it('given every alert, then its unit tests show it both firing and not firing', () => {
    const cases = (alert: string, firing: boolean) =>
      ruleTests.filter((t) => t.alertname === alert && (t.exp_alerts?.length ?? 0) > 0 === firing);
    const untested = alerts
      .filter(({ alert }) => cases(alert, true).length === 0 || cases(alert, false).length === 0)
      .map(({ alert }) => alert);
    expect(untested).toEqual([]);
  });

  it('given every alert, then docs/alerts.md lists it', () => {
    const page = readFileSync(path.join(repoRoot, 'docs', 'alerts.md'), 'utf8');
    expect(alerts.map(({ alert }) => alert).filter((a) => !page.includes(`\`${a}\``))).toEqual([]);
  });

  it('given both configurations, then they scrape each app, web included, on its port, natively on loopback', () => {
    const targets = (config: string) =>
      readYaml<{ scrape_configs: ScrapeConfig[] }>(config).scrape_configs.flatMap((job) =>
        job.static_configs.flatMap((s) => s.targets.map((target) => [job.job_name, target])),
      );
    const apps = [...SERVICE_NAMES, WEB_APP.name].map(
      (app: AppName) => [app, portOf(app)] as const,
    );
    const native = targets('prometheus.yml');
    const docker = targets('prometheus.docker.yml');

    expect(native).toEqual(
      expect.arrayContaining(apps.map(([a, port]) => [a, `127.0.0.1:${port}`])),
    );
    expect(docker).toEqual(expect.arrayContaining(apps.map(([a, port]) => [a, `${a}:${port}`])));
    expect(native.map(([job]) => job)).toEqual(docker.map(([job]) => job));
  });
});

describe('promtool, fed a wrong test or a broken rule', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'prometheus-rules-'));
  const ruleTest = (expected: string) => `
rule_files: ['${path.join(promDir, 'rules', 'outbox.yml')}']
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'outbox_rows_over_attempt_limit{service="order-service"}'
        values: '0x10'
    alert_rule_test:
      - eval_time: 5m
        alertname: OutboxRowsOverAttemptLimit
        exp_alerts: ${expected}
`;
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('given a rule test that expects an alert the series never raise, when promtool runs it, then it fails naming the alert', async () => {
    const wrong = path.join(scratch, 'wrong.test.yml');
    const right = path.join(scratch, 'right.test.yml');
    writeFileSync(
      wrong,
      ruleTest('[{ exp_labels: { severity: critical, service: order-service } }]'),
    );
    writeFileSync(right, ruleTest('[]'));

    const result = await promtool('test', 'rules', wrong);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/FAILED[\s\S]*alertname: OutboxRowsOverAttemptLimit/);
    expect(await promtool('test', 'rules', right)).toEqual(passed('SUCCESS'));
  }, 30_000);

  it('given a rule whose expression does not parse, when promtool checks it, then it fails', async () => {
    const broken = path.join(scratch, 'broken.yml');
    writeFileSync(
      broken,
      "groups: [{ name: g, rules: [{ alert: A, expr: 'sum by (queue) (' }] }]\n",
    );

    const result = await promtool('check', 'rules', broken);
    expect(result.code).toBe(1);
    expect(result.output).toContain('FAILED');
  }, 30_000);
});
