import { describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { Logger } from '@pattern-shop/observability';
import { CatalogueSeeder } from './seed-catalogue.js';

const quietLogger = { info: () => undefined } as unknown as Logger;

/** A database where every sample product already exists, and whose first `failures` fail. */
const databaseFailingFirst = (failures: readonly Error[]) => {
  let calls = 0;
  const dataSource = {
    transaction: async (work: (tx: unknown) => Promise<unknown>) => {
      calls += 1;
      const failure = failures[calls - 1];
      if (failure !== undefined) throw failure;
      return work({ query: async () => [] });
    },
  } as unknown as DataSource;
  return { dataSource, calls: () => calls };
};

describe('the catalogue seeder at start', () => {
  it('given the pool gives up waiting for a connection once, when it seeds, then it waits that out and seeds every product instead of failing the start', async () => {
    const db = databaseFailingFirst([new Error('timeout exceeded when trying to connect')]);
    const seeding = new CatalogueSeeder(db.dataSource, quietLogger).onApplicationBootstrap();

    await expect(seeding).resolves.toBeUndefined();
    expect(db.calls()).toBe(21); // 20 products, the first tried twice
  });

  it('given an error that is not a passing one, when it seeds, then the start fails at once', async () => {
    const db = databaseFailingFirst([new Error('relation "products" does not exist')]);
    const seeding = new CatalogueSeeder(db.dataSource, quietLogger).onApplicationBootstrap();

    await expect(seeding).rejects.toThrow('relation "products" does not exist');
    expect(db.calls()).toBe(1);
  });
});
