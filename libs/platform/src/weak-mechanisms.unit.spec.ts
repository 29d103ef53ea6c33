import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { baseConfigShape, ConfigError, env, parseConfig } from './config.js';
import { PRODUCTION_REFUSAL, WEAK_MECHANISMS, weakMechanismsWarning } from './weak-mechanisms.js';

const schema = z.object({
  ...baseConfigShape(3004),
  WEAK_MECHANISMS: env.weakMechanisms(['no-inbox', 'ack-before-effect']),
});

const problemsOf = (source: Record<string, string | undefined>): readonly string[] => {
  try {
    parseConfig(schema, source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('WEAK_MECHANISMS: naive forms of the mechanisms, for the chaos lab only', () => {
  it('given no value or an empty one, then every mechanism stays resilient', () => {
    expect(parseConfig(schema, {}).WEAK_MECHANISMS).toEqual([]);
    expect(parseConfig(schema, { WEAK_MECHANISMS: '' }).WEAK_MECHANISMS).toEqual([]);
  });

  it('given names the service honours, then it gets them once each, spaces ignored', () => {
    const config = parseConfig(schema, {
      WEAK_MECHANISMS: 'no-inbox, ack-before-effect,no-inbox',
    });
    expect(config.WEAK_MECHANISMS).toEqual(['no-inbox', 'ack-before-effect']);
  });

  it('given an unknown name, then the start is refused naming the variable and the allowed names', () => {
    expect(problemsOf({ WEAK_MECHANISMS: 'no-inbox,no-brakes' })).toEqual([
      'WEAK_MECHANISMS="no-inbox,no-brakes" names no-brakes; ' +
        "this service's weak mechanisms are: no-inbox, ack-before-effect",
    ]);
  });

  it('given a real switch this service does not honour, then it is refused rather than ignored', () => {
    expect(problemsOf({ WEAK_MECHANISMS: 'no-step-deadline' })).toEqual([
      'WEAK_MECHANISMS="no-step-deadline" names no-step-deadline; ' +
        "this service's weak mechanisms are: no-inbox, ack-before-effect",
    ]);
  });

  it('given a service that honours none, then any name is refused saying so', () => {
    const none = z.object({ WEAK_MECHANISMS: env.weakMechanisms([]) });
    expect(() => parseConfig(none, { WEAK_MECHANISMS: 'no-inbox' })).toThrow(
      'WEAK_MECHANISMS="no-inbox" names no-inbox, but this service has no weak mechanisms',
    );
  });

  it('given NODE_ENV=production and any switch, then the start is refused', () => {
    expect(problemsOf({ NODE_ENV: 'production', WEAK_MECHANISMS: 'no-inbox' })).toEqual([
      `WEAK_MECHANISMS="no-inbox" ${PRODUCTION_REFUSAL}`,
    ]);
    expect(PRODUCTION_REFUSAL).toContain('never production');
  });

  it('given NODE_ENV=production and other bad values, then every problem is named together', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PORT: 'x', WEAK_MECHANISMS: 'nope' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^PORT="x"/);
    expect(problems[1]).toMatch(/^WEAK_MECHANISMS="nope" names nope;/);
    expect(problems[2]).toBe(`WEAK_MECHANISMS="nope" ${PRODUCTION_REFUSAL}`);
  });

  it('given NODE_ENV=production and no switch, then the service starts as usual', () => {
    expect(parseConfig(schema, { NODE_ENV: 'production', WEAK_MECHANISMS: ' ' })).toMatchObject({
      WEAK_MECHANISMS: [],
    });
  });

  it('given switches on, then the start warning names each one and what it turns off', () => {
    const { fields, message } = weakMechanismsWarning(['no-breaker']);
    expect(message).toMatch(/^WEAK MECHANISMS ON \(no-breaker\)/);
    expect(fields.effects['no-breaker']).toContain('timeouts stay');
    expect(WEAK_MECHANISMS).toEqual(
      expect.arrayContaining(['no-inbox', 'ack-before-effect', 'no-breaker', 'no-step-deadline']),
    );
  });
});
