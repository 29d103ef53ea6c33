import { describe, expect, it } from '@jest/globals';
import {
  ConfirmationMissing,
  parseDeadLetterArguments,
  UsageError,
} from './dead-letter-arguments.js';
import { POISONABLE_QUEUES } from './poison-messages.js';

describe('parseDeadLetterArguments', () => {
  it('given no arguments or --help, then it asks for the usage text', () => {
    expect(parseDeadLetterArguments([])).toEqual({ kind: 'help' });
    expect(parseDeadLetterArguments(['redrive', '--help'])).toEqual({ kind: 'help' });
  });

  it('given list, then all dead-letter queues; given list <Q> or list --queue <Q>, then that queue', () => {
    expect(parseDeadLetterArguments(['list'])).toEqual({ kind: 'list-queues' });
    const listed = { kind: 'list-messages', queue: 'email.order-events' };
    expect(parseDeadLetterArguments(['list', '--queue', 'email.order-events'])).toEqual(listed);
    expect(parseDeadLetterArguments(['list', 'email.order-events'])).toEqual(listed);
  });

  it('given a queue named by its .dlq, then the consumed queue is meant', () => {
    expect(parseDeadLetterArguments(['show', 'email.order-events.dlq', 'm-1'])).toEqual({
      kind: 'show',
      queue: 'email.order-events',
      messageId: 'm-1',
    });
  });

  it('given the parked sagas queue, then it is named as it is', () => {
    expect(parseDeadLetterArguments(['list', 'order.saga-parked'])).toEqual({
      kind: 'list-messages',
      queue: 'order.saga-parked',
    });
  });

  it('given a message id as an argument or after --id, then it is the same letter', () => {
    const shown = { kind: 'show', queue: 'q', messageId: 'm-1' };
    expect(parseDeadLetterArguments(['show', 'q', 'm-1'])).toEqual(shown);
    expect(parseDeadLetterArguments(['show', 'q', '--id', 'm-1'])).toEqual(shown);
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

  it('given discard with --id, then that letter; given --all with --yes in any order, then every letter', () => {
    expect(parseDeadLetterArguments(['discard', 'q.dlq', '--id', 'm-1'])).toEqual({
      kind: 'discard',
      queue: 'q',
      messageId: 'm-1',
    });
    const all = { kind: 'discard-all', queue: 'q' };
    expect(parseDeadLetterArguments(['discard', 'q', '--all', '--yes'])).toEqual(all);
    expect(parseDeadLetterArguments(['discard', 'q', '--yes', '--all'])).toEqual(all);
  });

  it('given discard --all without --yes, then it is refused and says to add --yes', () => {
    expect(() => parseDeadLetterArguments(['discard', 'q', '--all'])).toThrow(
      new ConfirmationMissing('discard --all removes every letter of q for good: add --yes'),
    );
  });

  it.each(POISONABLE_QUEUES)('given poison %s, then a poison message for that queue', (queue) => {
    expect(parseDeadLetterArguments(['poison', queue])).toEqual({ kind: 'poison', queue });
  });

  it.each([
    [['purge', 'q']],
    [['show', 'q']],
    [['show', 'q', '--id']],
    [['show', 'q', 'm-1', 'm-2']],
    [['redrive', 'q']],
    [['redrive', 'q', '--everything']],
    [['list', '--queue']],
    [['list', 'q', 'r']],
    [['show', '--all', 'm-1']],
    [['discard', 'q']],
    [['discard', 'q', '--all', '--yes', 'm-1']],
    [['discard', 'q', '--yes']],
    [['discard', 'q', '--id', 'm-1', '--yes']],
    [['poison']],
    [['poison', 'order.saga-replies']],
    [['poison', 'payment.commands', 'extra']],
  ])('given %j, then it is a usage error', (args) => {
    expect(() => parseDeadLetterArguments(args)).toThrow(UsageError);
  });
});
