import { describe, expect, it } from '@jest/globals';
import { decideReservation, totalsBySku } from './reservation-decision.js';

const stock = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('deciding a stock reservation', () => {
  it('given enough stock for every line, then every line is taken, in SKU order', () => {
    expect(
      decideReservation(
        [
          { sku: 'TEE-002', quantity: 2 },
          { sku: 'MUG-001', quantity: 5 },
        ],
        stock({ 'MUG-001': 5, 'TEE-002': 9 }),
      ),
    ).toEqual({
      kind: 'reserve',
      changes: [
        { sku: 'MUG-001', delta: -5 },
        { sku: 'TEE-002', delta: -2 },
      ],
    });
  });

  it('given one line short, then nothing is taken and only that SKU is named', () => {
    expect(
      decideReservation(
        [
          { sku: 'MUG-001', quantity: 1 },
          { sku: 'TEE-002', quantity: 10 },
        ],
        stock({ 'MUG-001': 5, 'TEE-002': 9 }),
      ),
    ).toEqual({
      kind: 'reject',
      unavailableSkus: ['TEE-002'],
      reason: 'not enough stock: TEE-002',
    });
  });

  it('given a SKU the catalogue lacks, then it counts as unavailable', () => {
    expect(
      decideReservation(
        [
          { sku: 'NOPE-404', quantity: 1 },
          { sku: 'MUG-001', quantity: 6 },
        ],
        stock({ 'MUG-001': 5 }),
      ),
    ).toEqual({
      kind: 'reject',
      unavailableSkus: ['MUG-001', 'NOPE-404'],
      reason: 'unknown sku: NOPE-404; not enough stock: MUG-001',
    });
  });

  it('given a SKU on two lines, then their sum must be in stock', () => {
    const lines = [
      { sku: 'MUG-001', quantity: 3 },
      { sku: 'MUG-001', quantity: 3 },
    ];
    expect(decideReservation(lines, stock({ 'MUG-001': 5 })).kind).toBe('reject');
    expect(decideReservation(lines, stock({ 'MUG-001': 6 }))).toEqual({
      kind: 'reserve',
      changes: [{ sku: 'MUG-001', delta: -6 }],
    });
  });

  it('given a quantity of exactly the stock, then it is taken (the last unit is sellable)', () => {
    expect(
      decideReservation([{ sku: 'RARE-020', quantity: 3 }], stock({ 'RARE-020': 3 })).kind,
    ).toBe('reserve');
  });

  it('given many unknown SKUs, then the reason stays within the contract limit of 500 characters', () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({ sku: `UNKNOWN-SKU-${i}`, quantity: 1 }));
    const decision = decideReservation(lines, stock({}));
    expect(decision.kind === 'reject' && decision.reason.length).toBe(500);
    expect(decision.kind === 'reject' && decision.unavailableSkus).toHaveLength(60);
  });
});

describe('totals by SKU', () => {
  it('given lines in any order, then one total per SKU sorted by SKU', () => {
    expect(
      totalsBySku([
        { sku: 'B-2', quantity: 1 },
        { sku: 'A-1', quantity: 2 },
        { sku: 'B-2', quantity: 4 },
      ]),
    ).toEqual([
      { sku: 'A-1', quantity: 2 },
      { sku: 'B-2', quantity: 5 },
    ]);
  });
});
