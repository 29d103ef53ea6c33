import { describe, expect, it } from '@jest/globals';
import { parseStackArgs, StackUsageError } from './stack-cli-args.js';
import { progressOf, statusTable } from './stack-cli-output.js';

const usageErrorOf = (argv: string[]): StackUsageError => {
  try {
    parseStackArgs(argv);
  } catch (error) {
    if (error instanceof StackUsageError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('npm run stack: the arguments', () => {
  it('given status, then the status command', () => {
    expect(parseStackArgs(['status'])).toEqual({ action: 'status' });
  });

  it.each(['stop', 'start', 'freeze', 'thaw'] as const)(
    'given %s and an app, then that command for that app',
    (action) => {
      expect(parseStackArgs([action, 'order-service'])).toEqual({ action, app: 'order-service' });
    },
  );

  it('given restart with neither --weak nor --set, then a restart to the defaults', () => {
    expect(parseStackArgs(['restart', 'order-service'])).toEqual({
      action: 'restart',
      app: 'order-service',
    });
  });

  it('given restart with --weak and --set, in either spelling and before or after the app, then all of them', () => {
    expect(
      parseStackArgs([
        'restart',
        '--weak',
        'ack-before-effect,no-inbox',
        'email-service',
        '--weak=ack-before-effect',
        '--set',
        'LOG_LEVEL=debug',
        '--set=SMTP_PORT=2525',
        '--set',
        'EMPTY=',
      ]),
    ).toEqual({
      action: 'restart',
      app: 'email-service',
      weak: ['ack-before-effect', 'no-inbox'],
      settings: { LOG_LEVEL: 'debug', SMTP_PORT: '2525', EMPTY: '' },
    });
  });

  it('given a value with an equals sign, then only the first one splits the name from the value', () => {
    expect(parseStackArgs(['restart', 'web', '--set', 'A=b=c'])).toMatchObject({
      settings: { A: 'b=c' },
    });
  });

  it.each(['help', '-h', '--help'])('given %s, then the help', (arg) => {
    expect(parseStackArgs([arg])).toBe('help');
  });

  it('given an unknown app, then the error lists the apps and leaves the usage out', () => {
    const error = usageErrorOf(['freeze', 'orders']);
    expect(error.message).toBe(
      'unknown app "orders"; the apps are: web, order-service, inventory-service, payment-service, email-service, analytics-service, realtime-gateway, payment-provider',
    );
    expect(error.showUsage).toBe(false);
    expect(usageErrorOf(['restart', 'orders', '--weak', 'x']).message).toMatch(
      /^unknown app "orders"/,
    );
  });

  it.each([
    [[], 'no command given'],
    [['kill', 'web'], 'unknown command "kill"'],
    [['status', 'web'], 'status takes nothing more, not "web"'],
    [['stop'], 'stop takes one app, e.g. stop order-service'],
    [['thaw', 'web', 'order-service'], 'thaw takes one app, e.g. thaw order-service'],
    [['restart'], 'restart takes one app, e.g. restart order-service'],
    [['restart', 'web', 'order-service'], 'restart takes one app, e.g. restart order-service'],
    [['restart', 'web', '--weak'], '--weak needs a value'],
    [
      ['restart', 'web', '--weak', 'a,,b'],
      '--weak takes switch names separated by commas, not "a,,b"',
    ],
    [
      ['restart', 'web', '--set', 'LOG_LEVEL'],
      '--set takes KEY=VALUE, e.g. --set LOG_LEVEL=debug; not "LOG_LEVEL"',
    ],
    [
      ['restart', 'web', '--set', '1X=2'],
      '--set takes KEY=VALUE, e.g. --set LOG_LEVEL=debug; not "1X=2"',
    ],
    [['restart', 'web', '--set', 'WEAK_MECHANISMS=no-inbox'], 'give weak switches with --weak a,b'],
    [['restart', 'web', '--fast'], 'unknown option --fast'],
    [['stop', '--weak', 'x'], 'stop takes one app, e.g. stop order-service'],
  ])('given %p, then a usage error: %s', (argv, message) => {
    const error = usageErrorOf(argv);
    expect(error.message).toBe(message);
    expect(error.showUsage).toBe(true);
  });
});

describe('npm run stack: what it prints', () => {
  it('given a status, then a table with a row per app, its port and what it runs with', () => {
    const table = statusTable({
      apps: [
        {
          app: 'inventory-service',
          pid: 4242,
          state: 'frozen',
          weak: ['ack-before-effect'],
          settings: {},
        },
        {
          app: 'payment-provider',
          pid: null,
          state: 'exited',
          exitCode: 78,
          weak: ['nope'],
          settings: { LOG_LEVEL: 'debug' },
        },
        { app: 'web', pid: null, state: 'stopped', weak: [], settings: {} },
      ],
    });
    expect(table.split('\n')).toEqual([
      'APP                PORT  PID   STATE        WEAK               SETTINGS',
      'inventory-service  3002  4242  frozen       ack-before-effect  -',
      'payment-provider   3007  -     exited (78)  nope               LOG_LEVEL=debug',
      'web                8080  -     stopped      -                  -',
    ]);
  });

  it('given a restart, then the progress names what it restarts with, or its defaults', () => {
    expect(
      progressOf({
        action: 'restart',
        app: 'order-service',
        weak: ['no-breaker'],
        settings: { LOG_LEVEL: 'debug' },
      }),
    ).toBe('restarting order-service (weak: no-breaker, LOG_LEVEL=debug)... ');
    expect(progressOf({ action: 'restart', app: 'order-service' })).toBe(
      'restarting order-service (its defaults)... ',
    );
    expect(progressOf({ action: 'freeze', app: 'web' })).toBe('freezing web... ');
  });
});
