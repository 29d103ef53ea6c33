import { DOCKER, runOk } from './docker-cli.js';

export type ServiceState = Readonly<{
  Service: string;
  ID: string;
  State: string;
  Health: string;
  ExitCode: number;
}>;

/**
 * docker-compose.yml as the compose tier runs it: the stand-in images (no registry is reachable
 * here) and tests/compose/other-ports.yml (only what the tests use published, on ports of its
 * own), under a project name of its own; `globals` go before the command, e.g. an --env-file.
 */
export const composeProject = (project: string) => {
  const args = (globals: readonly string[], command: readonly string[]): string[] => [
    'compose',
    '-p',
    project,
    '-f',
    'docker-compose.yml',
    '-f',
    'infra/docker/stand-ins/compose.yml',
    '-f',
    'tests/compose/other-ports.yml',
    ...globals,
    ...command,
  ];
  return {
    run: (command: readonly string[], globals: readonly string[] = [], timeoutMs = 120_000) =>
      runOk(DOCKER, args(globals, command), { timeoutMs }),

    /** Every container of the project, one-shots that exited included. */
    states: async (globals: readonly string[] = []): Promise<ServiceState[]> =>
      (
        await runOk(DOCKER, args(globals, ['ps', '--all', '--format', 'json']), {
          timeoutMs: 60_000,
        })
      )
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as ServiceState),

    /** A file as the service's container sees it. */
    read: (service: string, ...files: string[]) =>
      runOk(DOCKER, args([], ['exec', '-T', service, 'cat', ...files]), { timeoutMs: 30_000 }),
  };
};
