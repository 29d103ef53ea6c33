// Benchmark of the stack at rest (issue 20): every app started natively as ./bin/run starts it,
// no orders, and the CPU each app and server uses over a window, against a target of 2 % of one
// core in total. Prints figures; asserts nothing (exit 0 either way, 1 if it could not measure).
// Usage: npm run bench:idle   (BENCH_SECONDS, BENCH_WARM_UP_SECONDS to change it; BENCH_CPU_PROF=<dir>
// writes each app's V8 CPU profile there when it stops, start-up included).
import { type AppName, SERVICE_NAMES, WEB_APP } from '@pattern-shop/contracts';
import type { ServiceProcess } from '@pattern-shop/testing';
import { startApps, stopApps } from '../checkout/checkout-processes.js';
import { coresUsed, cpuSnapshot } from '../checkout/cpu-usage.js';
import { loadAverages, printIdleReport } from '../idle/idle-report.js';
import { settleAfterStart } from '../idle/idle-settle.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const WARM_UP_MS = Number(process.env['BENCH_WARM_UP_SECONDS'] ?? 15) * 1_000;
const TARGET_CORES = 0.02;
const CPU_PROF = process.env['BENCH_CPU_PROF'];
const APPS: readonly AppName[] = [...SERVICE_NAMES, WEB_APP.name];
// As ./bin/run does: the services send their traces to web, which draws journeys from them.
const tracesToWeb = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };

const progress = (line: string) => process.stderr.write(`  ${line}\n`);
let apps: ServiceProcess[] = [];

const stopEverything = async (exitCode: number): Promise<never> => {
  progress(`stopping ${apps.length} apps`);
  await stopApps(apps);
  process.exit(exitCode);
};
// Ctrl-C, a kill, or a run past its bound: the apps this bench started stop with it.
process.once('SIGINT', () => void stopEverything(130));
process.once('SIGTERM', () => void stopEverything(143));
setTimeout(
  () => {
    progress('the bench ran past its time bound');
    void stopEverything(1);
  },
  (SECONDS + 360) * 1_000,
).unref();

const main = async (): Promise<void> => {
  console.log(`idle benchmark: ${APPS.length} apps at rest, measured over ${SECONDS} s`);
  progress(`load average before start (1, 5, 15 min): ${loadAverages()}`);
  progress(`starting ${APPS.join(', ')}`);
  apps = await startApps(
    APPS,
    (name) => (name === WEB_APP.name ? {} : tracesToWeb),
    CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`],
  );
  const labels = new Map(apps.map((app): [number, string] => [app.pid ?? -1, app.name]));
  labels.set(process.pid, 'bench');
  await settleAfterStart(labels, WARM_UP_MS, progress);
  const before = cpuSnapshot(labels);
  for (let elapsed = 0; elapsed < SECONDS; elapsed += 10) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(10, SECONDS - elapsed) * 1_000));
    progress(`measuring: ${Math.min(elapsed + 10, SECONDS)}/${SECONDS} s`);
  }
  const after = cpuSnapshot(labels);
  printIdleReport(
    APPS,
    new Map(coresUsed(before, after)),
    (after.atMs - before.atMs) / 1_000,
    TARGET_CORES,
  );
};

main().then(
  () => stopEverything(0),
  (error: unknown) => {
    console.error(error);
    return stopEverything(1);
  },
);
