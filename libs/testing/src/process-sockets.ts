import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The remote ports of a process's established TCP connections, read from `ss` (as root, or as
 * the process's owner): what it is really connected to, e.g. a proxy rather than the server.
 */
export const remotePortsOf = async (pid: number): Promise<Set<number>> => {
  const { stdout } = await run('ss', ['-tnpH', 'state', 'established']);
  const ports = stdout
    .split('\n')
    .filter((line) => line.includes(`pid=${pid},`))
    .map((line) => Number(line.trim().split(/\s+/)[3]?.split(':').at(-1)));
  return new Set(ports.filter((port) => Number.isInteger(port)));
};

/**
 * The pid of the process listening on a local TCP port, or undefined: how a fault finds an app
 * it did not start (e.g. one of `./bin/run`'s), to kill -9, SIGSTOP or SIGCONT it by pid.
 */
export const pidListeningOn = async (port: number): Promise<number | undefined> => {
  const { stdout } = await run('ss', ['-ltnpH', `sport = :${port}`]);
  const pid = /pid=(\d+),/.exec(stdout)?.[1];
  return pid === undefined ? undefined : Number(pid);
};
