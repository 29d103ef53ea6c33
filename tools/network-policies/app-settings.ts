// The settings an app reads: the keys of the zod schema in apps/<app>/src/<app>.config.ts, and
// the tracing endpoint that libs/observability reads for every app.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../compose-check/compose-file.js';

export const TRACING_SETTING = 'OTEL_EXPORTER_OTLP_ENDPOINT';
export const tracingRegistration = path.join(repoRoot, 'libs/observability/src/register.ts');

/** The schema's keys as written (`  NAME: env...`), one per line of the object literal. */
export const declaredSettings = (app: string): string[] => {
  const source = readFileSync(path.join(repoRoot, 'apps', app, 'src', `${app}.config.ts`), 'utf8');
  const keys = [...source.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map(([, key]) => key ?? '');
  return [...keys, TRACING_SETTING];
};
