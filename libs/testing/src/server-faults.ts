import { infra, type InfraServer } from './infra.js';

/**
 * A restart of one server of `infra/local` (graceful stop, then start and wait until it answers),
 * the fault a broker or database restart is. It disturbs every app and test using that server,
 * so tests run it under the suite's lock (README). Resolves with the seconds each half took.
 */
export const restartInfraServer = async (
  server: InfraServer,
): Promise<{ downSeconds: number; upSeconds: number }> => {
  const started = performance.now();
  await infra('down', server);
  const stopped = performance.now();
  await infra('up', server);
  return {
    downSeconds: (stopped - started) / 1000,
    upSeconds: (performance.now() - stopped) / 1000,
  };
};
