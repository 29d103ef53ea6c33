import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

type PortSpec = string | number | { target: number; published?: string | number };

/** The part of a compose service these checks read. */
export type ComposeService = {
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  ports?: PortSpec[];
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
};

export type ComposeFile = { services: Record<string, ComposeService> };

/** Compose honours YAML merge keys (`<<: *app`); YAML 1.2 parsers only when asked to. */
export const loadComposeFile = (): ComposeFile =>
  parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as ComposeFile;

export const requireService = (compose: ComposeFile, name: string): ComposeService => {
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service "${name}"`);
  return service;
};

/** Every folder under apps/, i.e. every app the repository builds. */
export const appFolders = (): string[] => {
  const appsDir = path.join(repoRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
};

/** `host -> container` pairs, from '8080:80', '127.0.0.1:8080:80/tcp' or the long syntax. */
export const portMappings = (service: ComposeService): { host: number; container: number }[] =>
  (service.ports ?? []).flatMap((port) => {
    if (typeof port === 'object') {
      return port.published === undefined
        ? []
        : [{ host: Number(port.published), container: port.target }];
    }
    const parts = (String(port).split('/')[0] ?? '').split(':');
    // A lone container port is published on a random host port: no fixed host port to check.
    if (parts.length < 2) return [];
    return [{ host: Number(parts.at(-2)), container: Number(parts.at(-1)) }];
  });

/** 'KEY=value' (the list syntax of args and environment) as a [key, value] pair. */
const keyValue = (entry: string): [string, string] => {
  const equals = entry.indexOf('=');
  return equals < 0 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
};

export const buildArgs = (service: ComposeService): Record<string, string> => {
  const args = service.build?.args ?? {};
  return Array.isArray(args) ? Object.fromEntries(args.map(keyValue)) : args;
};

export const environment = (service: ComposeService): Record<string, string> => {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map(keyValue));
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
};

/** The services this one waits for, and the condition it waits on (undefined: just started). */
export const dependencies = (service: ComposeService): [string, string | undefined][] => {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return dependsOn.map((name) => [name, undefined]);
  return Object.entries(dependsOn).map(([name, { condition }]) => [name, condition]);
};

export const healthcheckCommand = (service: ComposeService): string | undefined => {
  const check = service.healthcheck;
  if (!check || check.disable || check.test === undefined) return undefined;
  const test = Array.isArray(check.test) ? check.test.join(' ') : check.test;
  return test.trim() === '' || test.trim() === 'NONE' ? undefined : test;
};
