import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './repo.js';

export type InfraServer = 'postgres' | 'rabbitmq' | 'kafka' | 'smtp' | 'toxiproxy';

const run = promisify(execFile);

/** Starts or stops native servers through `infra/local`, the same commands a person runs. */
export const infra = async (command: 'up' | 'down', ...servers: InfraServer[]): Promise<string> => {
  const script = join(repoRoot(), 'infra', 'local', command);
  const { stdout } = await run(script, servers, { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
};
