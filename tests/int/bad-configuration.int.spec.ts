import { describe, expect, it, jest } from '@jest/globals';
import { SERVICE_NAMES } from '@pattern-shop/contracts';
import { DEVELOPMENT_SECRETS_REFUSAL, PRODUCTION_REFUSAL } from '@pattern-shop/platform';
import { localEnvironment, ServiceProcess } from '@pattern-shop/testing';

/** EX_CONFIG from sysexits.h: what a service exits with when its configuration is wrong. */
const EX_CONFIG = 78;

const firstRequiredVariable = (service: (typeof SERVICE_NAMES)[number]): string | undefined =>
  Object.keys(localEnvironment(service)).find(
    (name) => !['PORT', 'HOST', 'LOG_LEVEL'].includes(name),
  );

/** The last line a service printed: its one JSON `fatal` line when configuration is wrong. */
const fatalLine = (output: string) =>
  JSON.parse(output.split('\n').at(-1) as string) as {
    level: string;
    msg: string;
    problems: string[];
  };

// Each test starts a Node process that loads its app and exits: on a busy machine that takes longer
// than Jest's default 5 s.
jest.setTimeout(30_000);

describe('a bad configuration stops a service at start, naming the variable', () => {
  it.each(SERVICE_NAMES)(
    'given %s with PORT=not-a-port, then it exits 78 naming PORT',
    async (service) => {
      const app = ServiceProcess.start(service, { PORT: 'not-a-port' });
      expect(await app.exitCode).toBe(EX_CONFIG);
      expect(fatalLine(app.output).problems).toEqual([
        'PORT="not-a-port" must be a TCP port number',
      ]);
    },
  );

  it.each(SERVICE_NAMES.filter((service) => firstRequiredVariable(service) !== undefined))(
    'given %s without a required variable, then it exits 78 saying which one is missing',
    async (service) => {
      const missing = firstRequiredVariable(service) as string;
      const app = ServiceProcess.start(service, { [missing]: undefined });
      expect(await app.exitCode).toBe(EX_CONFIG);
      const fatal = fatalLine(app.output);
      expect(fatal.level).toBe('fatal');
      expect(fatal.msg).toBe(`invalid configuration: ${missing} is required but not set`);
    },
  );

  it.each(SERVICE_NAMES)(
    'given %s with WEAK_MECHANISMS naming no such switch, then it exits 78 naming the variable and the allowed ones',
    async (service) => {
      const app = ServiceProcess.start(service, { WEAK_MECHANISMS: 'no-such-switch' });
      expect(await app.exitCode).toBe(EX_CONFIG);
      const [problem] = fatalLine(app.output).problems;
      expect(problem).toMatch(
        /^WEAK_MECHANISMS="no-such-switch" names no-such-switch(; this service's weak mechanisms are: [a-z-]+(, [a-z-]+)*|, but this service has no weak mechanisms)$/,
      );
    },
  );

  it.each(SERVICE_NAMES)(
    'given %s with NODE_ENV=production and a weak mechanism, then it exits 78: never in production',
    async (service) => {
      const app = ServiceProcess.start(service, {
        NODE_ENV: 'production',
        WEAK_MECHANISMS: 'no-inbox',
      });
      expect(await app.exitCode).toBe(EX_CONFIG);
      expect(fatalLine(app.output).problems).toContain(
        `WEAK_MECHANISMS="no-inbox" ${PRODUCTION_REFUSAL}`,
      );
    },
  );

  it('given payment-provider with NODE_ENV=production and PAYMENT_PROVIDER_TEST_MODE=true, then it exits 78: x-simulate-* never in production', async () => {
    const app = ServiceProcess.start('payment-provider', {
      NODE_ENV: 'production',
      PAYMENT_PROVIDER_TEST_MODE: 'true',
    });
    expect(await app.exitCode).toBe(EX_CONFIG);
    expect(fatalLine(app.output).problems).toContainEqual(
      expect.stringMatching(/^PAYMENT_PROVIDER_TEST_MODE=true .*never in production/),
    );
  });

  it.each(SERVICE_NAMES)(
    "given %s with NODE_ENV=production and the repository's development secrets, then it exits 78 naming the variables, not the secrets",
    async (service) => {
      const app = ServiceProcess.start(service, { NODE_ENV: 'production' });
      expect(await app.exitCode).toBe(EX_CONFIG);
      const refusal = fatalLine(app.output).problems.find((problem) =>
        problem.endsWith(DEVELOPMENT_SECRETS_REFUSAL),
      );
      expect(refusal).toMatch(/^[A-Z_]+(, [A-Z_]+)* hold the development defaults/);
      expect(app.output).not.toContain('local-development-only-');
      expect(app.output).not.toMatch(/_dev@/);
    },
  );

  it('given a database URL with a password and the wrong scheme, then the message hides the password', async () => {
    const app = ServiceProcess.start('order-service', {
      DATABASE_URL: 'mysql://order_service:s3cret@db/orders',
    });
    expect(await app.exitCode).toBe(EX_CONFIG);
    expect(fatalLine(app.output).problems).toEqual([
      'DATABASE_URL="mysql://***@db/orders" must be a postgres:// URL',
    ]);
    expect(app.output).not.toContain('s3cret');
  });
});
