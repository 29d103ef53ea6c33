import { describe, expect, it } from '@jest/globals';
import { parseDeadLetterArguments, UsageError } from './dead-letter-arguments.js';

describe('parseDeadLetterArguments', () => {
  it('given no arguments or --help, then it asks for the usage text', () => {
    expect(parseDeadLetterArguments([])).toEqual({ kind: 'help' });
    expect(parseDeadLetterArguments(['redrive', '--help'])).toEqual({ kind: 'help' });
  });

  it('given list, then all dead-letter queues; given list --queue, then that queue', () => {
    expect(parseDeadLetterArguments(['list'])).toEqual({ kind: 'list-queues' });
    expect(parseDeadLetterArguments(['list', '--queue', 'email.order-events'])).toEqual({
      kind: 'list-messages',
      queue: 'email.order-events',
    });
  });

  it('given a queue named by its .dlq, then the consumed queue is meant', () => {
    expect(parseDeadLetterArguments(['show', 'email.order-events.dlq', 'm-1'])).toEqual({
      kind: 'show',
      queue: 'email.order-events',
      messageId: 'm-1',
    });
  });

  it('given redrive with an id or --all, then one or every dead letter is redriven', () => {
    expect(parseDeadLetterArguments(['redrive', 'q', 'm-1'])).toEqual({
      kind: 'redrive',
      queue: 'q',
      messageId: 'm-1',
    });
    expect(parseDeadLetterArguments(['redrive', 'q', '--all'])).toEqual({
      kind: 'redrive-all',
      queue: 'q',
    });
  });

  it.each([
    [['purge', 'q']],
    [['show', 'q']],
    [['redrive', 'q']],
    [['redrive', 'q', '--everything']],
    [['list', '--queue']],
    [['list', 'q']],
    [['show', '--all', 'm-1']],
  ])('given %j, then it is a usage error', (args) => {
    expect(() => parseDeadLetterArguments(args)).toThrow(UsageError);
  });
});
