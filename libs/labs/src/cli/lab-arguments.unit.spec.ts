import { describe, expect, it } from '@jest/globals';
import { LabArgumentError, parseLabArguments } from './lab-arguments.js';

const parse = (...args: string[]) => parseLabArguments(args, [1, 9]);
const ORDER = '0b7c6f1e-2f4a-4c47-9a53-8d0f5a3c2e11';

describe('npm run lab -- <command>: arguments', () => {
  it('given a known command, then it is parsed with its defaults', () => {
    expect(parse('list')).toEqual({ command: 'list' });
    expect(parse('reset')).toEqual({ command: 'reset' });
    expect(parse('check', '9')).toEqual({ command: 'check', lab: 9 });
    expect(parse('load')).toEqual({ command: 'load', rate: 5, seconds: 10 });
    expect(parse('load', '--seconds', '3', '--rate', '20')).toEqual({
      command: 'load',
      rate: 20,
      seconds: 3,
    });
    expect(parse('redeliver', ORDER)).toEqual({ command: 'redeliver', orderId: ORDER, copies: 1 });
    expect(parse('redeliver', ORDER, '--copies', '3')).toMatchObject({ copies: 3 });
    expect(parse('saga', ORDER)).toEqual({
      command: 'saga',
      orderId: ORDER,
      until: undefined,
      seconds: 90,
    });
    expect(parse('saga', ORDER, '--seconds', '30', '--until', 'COMPENSATION_FAILED')).toEqual({
      command: 'saga',
      orderId: ORDER,
      until: 'COMPENSATION_FAILED',
      seconds: 30,
    });
    expect(parse('letter', 'payment.commands', 'm-1')).toEqual({
      command: 'letter',
      queue: 'payment.commands',
      messageId: 'm-1',
      seconds: 60,
    });
    expect(parse('trail', ORDER)).toEqual({ command: 'trail', orderId: ORDER });
    expect(parse('pages', '--check')).toEqual({ command: 'pages', check: true });
    expect(parse()).toEqual({ command: 'help' });
  });

  it.each([
    [['check', '4'], 'check takes one lab number: 1, 9'],
    [['check'], 'check takes one lab number'],
    [['load', '--rate', '0'], '--rate takes a whole number from 1 to 50, not 0'],
    [['load', '--rate', '2.5'], '--rate takes a whole number'],
    [['load', '--seconds'], '--seconds takes a whole number from 1 to 300, not nothing'],
    [['load', '--speed', '3'], 'unknown option --speed'],
    [['redeliver', '<orderId>'], 'redeliver takes an order id (a UUID), not <orderId>'],
    [['redeliver', ''], 'not nothing'],
    [['saga', ORDER, '--until', 'PARKED'], '--until takes one of CHARGING, VOIDING'],
    [['saga', '$ORDER'], 'saga takes an order id (a UUID), not $ORDER'],
    [['letter', 'payment.commands'], 'letter takes the message id after the queue, not nothing'],
    [['letter', '$QUEUE', 'm-1'], 'letter takes a queue name, e.g. payment.commands, not $QUEUE'],
    [['trail', 'ORDER'], 'trail takes an order id (a UUID), not ORDER'],
    [['trail', ORDER, '--all'], 'trail takes only the order id, not --all'],
    [['reset', 'now'], 'reset takes no arguments'],
    [['pages', '--write'], 'pages takes only --check'],
    [['grade', '1'], 'unknown command grade'],
  ])('given %j, then it is refused with a reason', (args, reason) => {
    expect(() => parse(...args)).toThrow(LabArgumentError);
    expect(() => parse(...args)).toThrow(reason);
  });
});
