import type { Server } from 'node:http';
import { removeStackSocket } from './stack-control-server.js';
import type { SupervisedApp } from './supervised-app.js';

/**
 * Ties the apps' lives to ./bin/run's: Ctrl-C, SIGTERM and a closed terminal stop them
 * gracefully; a second Ctrl-C, or the supervisor's own exit however it comes, kills what is left.
 * Only `kill -9` of the supervisor itself leaves them running (docs/stack-control.md).
 */
export const superviseLifetime = (apps: readonly SupervisedApp[], socketPath: string) => {
  let server: Server | undefined;
  let stopping = false;

  const stopAll = async (exitCode: number): Promise<never> => {
    if (stopping) {
      console.log('\nstopping at once: SIGKILL to every app');
      process.exit(130); // the exit handler below kills them
    }
    stopping = true;
    server?.close();
    if (server !== undefined) removeStackSocket(socketPath);
    const live = apps.filter((app) => app.isLive);
    if (live.length > 0) console.log('\nstopping the apps... (Ctrl-C again: at once)');
    const codes = await Promise.all(apps.map((app) => app.shutdown()));
    apps.forEach((app, i) => {
      if (codes[i] !== undefined) console.log(`  ${app.name.padEnd(18)} exited with ${codes[i]}`);
    });
    process.exit(exitCode);
  };

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stopAll(0));
  }
  process.on('SIGTSTP', () =>
    console.log(
      '\nCtrl-Z does not pause Pattern Shop: the apps run on. Freeze one with `npm run stack -- freeze <app>`; Ctrl-C stops them all.',
    ),
  );
  process.on('exit', () => {
    for (const app of apps) app.killNow();
    if (server !== undefined) removeStackSocket(socketPath);
  });

  return {
    stopAll,
    /** From now on the socket is ours: removed when ./bin/run ends. */
    serving: (listening: Server) => {
      server = listening;
    },
  };
};
