import { describe, expect, it } from '@jest/globals';
import { LabArgumentError, parseLabArguments } from './lab-arguments.js';

const parse = (...args: string[]) => parseLabArguments(args, [4]);

const ORDER = '0b7c6f1e-2f4a-4c47-9a53-8d0f5a3c2e11';

describe('npm run lab -- projection <orderId>: arguments', () => {
  it('given an order id, then it waits 30 s at most unless told', () => {
    expect(parse('projection', ORDER)).toEqual({
      command: 'projection',
      orderId: ORDER,
      seconds: 30,
    });
    expect(parse('projection', ORDER, '--seconds', '5')).toMatchObject({ seconds: 5 });
  });

  it('given no order id or not a UUID, then it is refused saying what it takes', () => {
    expect(() => parse('projection')).toThrow('projection takes an order id (a UUID), not nothing');
    expect(() => parse('projection', 'null')).toThrow(
      'projection takes an order id (a UUID), not null',
    );
  });
});

describe('npm run lab -- wait-exit <app>: arguments', () => {
  it('given an app of the stack, then it waits 60 s at most unless told', () => {
    expect(parse('wait-exit', 'analytics-service')).toEqual({
      command: 'wait-exit',
      app: 'analytics-service',
      seconds: 60,
    });
    expect(parse('wait-exit', 'analytics-service', '--seconds', '20')).toMatchObject({
      seconds: 20,
    });
  });

  it('given no app, an unknown one or a bad option, then it is refused with the names to use', () => {
    expect(() => parse('wait-exit')).toThrow(
      new LabArgumentError(
        'wait-exit takes an app: order-service, inventory-service, payment-service, email-service, analytics-service, realtime-gateway, payment-provider; not nothing',
      ),
    );
    expect(() => parse('wait-exit', 'analytics')).toThrow(/takes an app: .*; not analytics$/);
    expect(() => parse('wait-exit', 'analytics-service', '--seconds', '0')).toThrow(
      '--seconds takes a whole number from 1 to 600, not 0',
    );
    expect(() => parse('wait-exit', 'analytics-service', '--copies', '2')).toThrow(
      'unknown option --copies; expected --seconds',
    );
  });
});
