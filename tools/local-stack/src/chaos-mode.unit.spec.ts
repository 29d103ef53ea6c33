import { describe, expect, it } from '@jest/globals';
import { chaosModeFrom } from './chaos-mode.js';

describe('the CHAOS switch of the local stack', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['1', true],
  ])('given CHAOS=%p, then chaos mode is %p', (value, expected) => {
    expect(chaosModeFrom(value)).toBe(expected);
  });

  it.each(['yes', 'true', '2', ' 1'])(
    'given CHAOS=%p, then it is refused, naming the value',
    (value) => {
      expect(() => chaosModeFrom(value)).toThrow(
        `CHAOS must be 1 (chaos mode) or 0 (normal mode), not "${value}"`,
      );
    },
  );
});
