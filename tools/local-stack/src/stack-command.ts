import type { AppName } from '@pattern-shop/contracts';
import { type StackCommand, StackControlError } from '@pattern-shop/testing';
import { ALL_APPS } from './stack-apps-setting.js';

const ACTIONS = ['status', 'stop', 'start', 'freeze', 'thaw', 'restart'] as const;
/** A variable name as a shell would take it. */
export const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A weak switch is one name of a comma-separated list: no comma, no space. */
const SWITCH_NAME = /^[^,\s]+$/;

const badCommand = (message: string) => new StackControlError('bad-command', message);

/**
 * Checks a command that came over the socket (from the CLI, a lab tool or curl) against the apps
 * this ./bin/run runs; refusals say what would have been right.
 */
export const parseStackCommand = (body: unknown, running: readonly AppName[]): StackCommand => {
  if (typeof body !== 'object' || body === null) throw badCommand('a command is a JSON object');
  const { action, app, weak, settings, ...rest } = body as Record<string, unknown>;
  if (!(ACTIONS as readonly unknown[]).includes(action)) {
    throw badCommand(
      `unknown action ${JSON.stringify(action)}; the actions are: ${ACTIONS.join(', ')}`,
    );
  }
  const extra = Object.keys(rest);
  if (extra.length > 0) throw badCommand(`unknown field(s): ${extra.join(', ')}`);
  if (action === 'status') {
    if (app !== undefined || weak !== undefined || settings !== undefined) {
      throw badCommand('status takes no app, weak or settings');
    }
    return { action };
  }
  const name = appNamed(app, running);
  if (action !== 'restart') {
    if (weak !== undefined || settings !== undefined) {
      throw badCommand(`weak and settings go with restart only, not ${String(action)}`);
    }
    return { action: action as 'stop' | 'start' | 'freeze' | 'thaw', app: name };
  }
  return { action, app: name, weak: weakSwitches(weak), settings: settingsFrom(settings) };
};

const appNamed = (app: unknown, running: readonly AppName[]): AppName => {
  if (typeof app !== 'string' || !(ALL_APPS as readonly string[]).includes(app)) {
    throw new StackControlError(
      'unknown-app',
      `unknown app ${JSON.stringify(app)}; the apps are: ${ALL_APPS.join(', ')}`,
    );
  }
  if (!(running as readonly string[]).includes(app)) {
    throw new StackControlError(
      'unknown-app',
      `${app} is not one of this ./bin/run's apps (STACK_APPS); it runs: ${running.join(', ')}`,
    );
  }
  return app as AppName;
};

const weakSwitches = (weak: unknown): string[] => {
  if (weak === undefined) return [];
  if (
    !Array.isArray(weak) ||
    !weak.every((name) => typeof name === 'string' && SWITCH_NAME.test(name))
  ) {
    throw badCommand('weak is a list of switch names, e.g. ["ack-before-effect"]');
  }
  return [...new Set(weak as string[])];
};

const settingsFrom = (settings: unknown): Record<string, string> => {
  if (settings === undefined) return {};
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw badCommand('settings is an object of variable names to string values');
  }
  for (const [name, value] of Object.entries(settings)) {
    if (!SETTING_NAME.test(name))
      throw badCommand(`${JSON.stringify(name)} is not a variable name`);
    if (typeof value !== 'string') throw badCommand(`the value of ${name} must be a string`);
    if (name === 'WEAK_MECHANISMS')
      throw badCommand('give WEAK_MECHANISMS as weak, not as a setting');
  }
  return { ...(settings as Record<string, string>) };
};
