import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@pattern-shop/persistence';
import type { MaintainedService } from './maintenance-arguments.js';

/** A small pool on the service's database, without migrations: the service owns its schema. */
export const openServiceDatabase = (url: string, service: MaintainedService): Promise<DataSource> =>
  new DataSource({
    ...dataSourceOptions({
      url,
      applicationName: `${service}-maintenance`,
      migrations: [],
      pool: { max: 1 },
    }),
    migrationsRun: false,
  }).initialize();
