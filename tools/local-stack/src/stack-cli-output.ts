import { portOf } from '@pattern-shop/contracts';
import type { StackAppStatus, StackCommand, StackStatus } from '@pattern-shop/testing';

const stateOf = (app: StackAppStatus): string =>
  app.state !== 'exited'
    ? app.state
    : app.exitCode === null || app.exitCode === undefined
      ? 'exited (signal)'
      : `exited (${app.exitCode})`;

const settingsOf = (app: StackAppStatus): string =>
  Object.entries(app.settings)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ') || '-';

/** `status` as a table a learner reads at a glance. */
export const statusTable = (status: StackStatus): string => {
  const rows = [
    ['APP', 'PORT', 'PID', 'STATE', 'WEAK', 'SETTINGS'],
    ...status.apps.map((app) => [
      app.app,
      String(portOf(app.app)),
      app.pid === null ? '-' : String(app.pid),
      stateOf(app),
      app.weak.join(',') || '-',
      settingsOf(app),
    ]),
  ];
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

const VERBS = {
  stop: 'stopping',
  start: 'starting',
  freeze: 'freezing',
  thaw: 'thawing',
  restart: 'restarting',
} as const;

/** What the CLI says before the answer comes: `restarting order-service (weak: x)... `. */
export const progressOf = (command: Exclude<StackCommand, { action: 'status' }>): string => {
  if (command.action !== 'restart') return `${VERBS[command.action]} ${command.app}... `;
  const extras = [
    command.weak !== undefined ? `weak: ${command.weak.join(',')}` : '',
    ...Object.entries(command.settings ?? {}).map(([name, value]) => `${name}=${value}`),
  ].filter(Boolean);
  const how = extras.length > 0 ? extras.join(', ') : 'its defaults';
  return `restarting ${command.app} (${how})... `;
};
