import type { ServiceName } from '@pattern-shop/contracts';
import { sendStackCommand, type StackStatus } from '@pattern-shop/testing';

// The labs change ./bin/run's apps only through its stack control (docs/stack-control.md), the
// same commands a learner types, so a lab never leaves an app the learner cannot put back.

export type AppStatus = StackStatus['apps'][number];

export const stackStatus = async (): Promise<StackStatus> => sendStackCommand({ action: 'status' });

export const statusOf = async (app: ServiceName): Promise<AppStatus> => {
  const found = (await stackStatus()).apps.find((a) => a.app === app);
  if (found === undefined) throw new Error(`${app} is not part of the running ./bin/run`);
  return found;
};

/**
 * Runs `during` with `app` frozen (SIGSTOP), and thaws it afterwards unless it was frozen
 * already: a check that stalls a dependency leaves the stack as the learner had it.
 */
export const withFrozen = async <T>(app: ServiceName, during: () => Promise<T>): Promise<T> => {
  const before = await statusOf(app);
  if (before.state !== 'running' && before.state !== 'frozen')
    throw new Error(`${app} is ${before.state}: start it first (npm run stack -- start ${app})`);
  if (before.state === 'running') await sendStackCommand({ action: 'freeze', app });
  try {
    return await during();
  } finally {
    if (before.state === 'running') await sendStackCommand({ action: 'thaw', app });
  }
};
