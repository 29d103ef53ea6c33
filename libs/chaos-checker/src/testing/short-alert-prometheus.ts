import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES, type ServiceName } from '@pattern-shop/contracts';
import { repoRoot, waitFor } from '@pattern-shop/testing';
import { parse, stringify } from 'yaml';

/** Clear of infra/local's Prometheus (9090) and of every server and app port. */
const PORT = 9095;

type RuleFile = { groups: Array<{ name: string; rules: Array<{ alert?: string; for?: string }> }> };

/**
 * A Prometheus of the test's own, beside infra/local's: it scrapes one app every second and loads
 * one alert of infra/prometheus/rules, its expression unchanged and its `for:` cut to `forS`, so a
 * test sees that alert fire and resolve in seconds instead of the rule's minutes.
 */
export const startShortAlertPrometheus = async (
  app: ServiceName,
  ruleFile: string,
  alert: string,
  forS: number,
): Promise<Readonly<{ url: string; stop: () => Promise<void> }>> => {
  const dir = mkdtempSync(join(tmpdir(), 'short-alert-prometheus-'));
  const rules = parse(
    readFileSync(join(repoRoot(), 'infra/prometheus/rules', ruleFile), 'utf8'),
  ) as RuleFile;
  const kept = rules.groups
    .map((group) => ({ ...group, rules: group.rules.filter((rule) => rule.alert === alert) }))
    .filter((group) => group.rules.length > 0)
    .map((group) => ({
      ...group,
      rules: group.rules.map((rule) => ({ ...rule, for: `${forS}s` })),
    }));
  if (kept.length === 0) throw new Error(`no alert ${alert} in infra/prometheus/rules/${ruleFile}`);
  writeFileSync(join(dir, 'rules.yml'), stringify({ groups: kept }));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
      rule_files: ['rules.yml'],
      scrape_configs: [
        { job_name: app, static_configs: [{ targets: [`127.0.0.1:${SERVICES[app].port}`] }] },
      ],
    }),
  );
  const server: ChildProcess = spawn(
    '/usr/bin/prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${PORT}`,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${PORT}`;
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('the short-alert Prometheus to load its rule', async () => {
      const answer = await fetch(`${url}/api/v1/rules?type=alert`);
      const body = (await answer.json()) as { data: { groups: unknown[] } };
      return body.data.groups.length > 0 || undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
};
