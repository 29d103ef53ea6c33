import { describe, expect, it } from '@jest/globals';
import { LABS } from '../catalogue.js';
import { LAB_NUMBERS } from './lab-numbers.js';

describe('LAB_NUMBERS', () => {
  it('given the catalogue, then the CLI knows exactly its labs', () => {
    expect([...LAB_NUMBERS].sort((a, b) => a - b)).toEqual(
      LABS.map((lab) => lab.number).sort((a, b) => a - b),
    );
  });
});
