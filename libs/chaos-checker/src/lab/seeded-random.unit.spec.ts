import { describe, expect, it } from '@jest/globals';
import { seededRandom, seededUuid } from './seeded-random.js';

describe('seededRandom', () => {
  it('given the same seed, then the same draws; another seed, other draws', () => {
    const draws = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(draws(42)).toEqual(draws(42));
    expect(draws(43)).not.toEqual(draws(42));
    expect(draws(42).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('given a generator, then its ids are version-4 UUIDs that repeat with the seed', () => {
    const id = seededUuid(seededRandom(7));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seededUuid(seededRandom(7))).toBe(id);
  });
});
