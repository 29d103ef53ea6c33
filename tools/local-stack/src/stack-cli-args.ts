import type { AppName } from '@pattern-shop/contracts';
import type { StackCommand } from '@pattern-shop/testing';
import { ALL_APPS } from './stack-apps-setting.js';
import { SETTING_NAME } from './stack-command.js';

export const USAGE = `usage: npm run stack -- <command>   (a running ./bin/run takes it; docs/stack-control.md)

  status                      every app: pid, state, weak switches and settings in force
  stop <app>                  SIGTERM: a graceful shutdown; it stays stopped
  start <app>                 start a stopped app with the settings it had; waits until ready
  freeze <app>                SIGSTOP: the process stays, holds its connections, answers nothing
  thaw <app>                  SIGCONT: a frozen app carries on
  restart <app> [--weak a,b] [--set KEY=VALUE ...]
                              kill -9, then start with these weak switches and settings
                              (neither: the app's defaults again); waits until ready

apps: ${ALL_APPS.join(', ')}`;

/** A mistake in the arguments: exit 2, with the usage when `showUsage`. */
export class StackUsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
    this.name = 'StackUsageError';
  }
}

const ONE_APP_ACTIONS = ['stop', 'start', 'freeze', 'thaw'] as const;

/** `npm run stack -- ...`'s arguments as the command for ./bin/run, or 'help'. */
export const parseStackArgs = (argv: readonly string[]): StackCommand | 'help' => {
  const [action, ...rest] = argv;
  if (action === undefined) throw new StackUsageError('no command given');
  if (['help', '-h', '--help'].includes(action)) return 'help';
  if (action === 'status') {
    if (rest.length > 0)
      throw new StackUsageError(`status takes nothing more, not "${rest.join(' ')}"`);
    return { action };
  }
  if ((ONE_APP_ACTIONS as readonly string[]).includes(action)) {
    if (rest.length !== 1)
      throw new StackUsageError(`${action} takes one app, e.g. ${action} order-service`);
    return { action: action as (typeof ONE_APP_ACTIONS)[number], app: appNamed(rest[0] as string) };
  }
  if (action === 'restart') return restartFrom(rest);
  throw new StackUsageError(`unknown command "${action}"`);
};

const appNamed = (name: string): AppName => {
  if (!(ALL_APPS as readonly string[]).includes(name)) {
    throw new StackUsageError(`unknown app "${name}"; the apps are: ${ALL_APPS.join(', ')}`, false);
  }
  return name as AppName;
};

/** `restart <app> [--weak a,b] [--set KEY=VALUE ...]`, options before or after the app. */
const restartFrom = (args: readonly string[]): StackCommand => {
  const apps: string[] = [];
  const weak: string[] = [];
  const settings: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith('--') ? splitOnce(arg, '=') : [arg, undefined];
    if (!flag.startsWith('--')) {
      apps.push(arg);
      continue;
    }
    if (flag !== '--weak' && flag !== '--set') throw new StackUsageError(`unknown option ${flag}`);
    const value = inline ?? args[(i += 1)];
    if (value === undefined || value === '') throw new StackUsageError(`${flag} needs a value`);
    if (flag === '--weak') weak.push(...weakSwitches(value));
    else {
      const [name, setting] = splitOnce(value, '=');
      if (setting === undefined || !SETTING_NAME.test(name)) {
        throw new StackUsageError(
          `--set takes KEY=VALUE, e.g. --set LOG_LEVEL=debug; not "${value}"`,
        );
      }
      if (name === 'WEAK_MECHANISMS')
        throw new StackUsageError('give weak switches with --weak a,b');
      settings[name] = setting;
    }
  }
  if (apps.length !== 1)
    throw new StackUsageError('restart takes one app, e.g. restart order-service');
  const app = appNamed(apps[0] as string);
  return {
    action: 'restart',
    app,
    ...(weak.length > 0 ? { weak: [...new Set(weak)] } : {}),
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
  };
};

const weakSwitches = (value: string): string[] => {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === '' || /\s/.test(name))) {
    throw new StackUsageError(`--weak takes switch names separated by commas, not "${value}"`);
  }
  return names;
};

const splitOnce = (text: string, separator: string): [string, string | undefined] => {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
};
