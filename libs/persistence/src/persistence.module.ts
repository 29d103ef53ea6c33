import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';

export type PersistenceOptions = Readonly<{
  /** `postgres://role:password@host:port/database`: the service's own database and role. */
  url: string;
  /** Shown in `pg_stat_activity`, so a DBA sees which service holds which connection. */
  applicationName: string;
  entities?: DataSourceOptions['entities'];
  migrations?: DataSourceOptions['migrations'];
  pool?: Readonly<{ max?: number; acquireTimeoutMs?: number; idleTimeoutMs?: number }>;
  /**
   * A second pool of the same database, injected with `getDataSourceToken(name)`: a bulkhead, so
   * background work cannot take the connections requests need. It runs no migrations.
   */
  name?: string;
}>;

export const DEFAULT_POOL = { max: 10, acquireTimeoutMs: 2_000, idleTimeoutMs: 30_000 } as const;

/**
 * TypeORM settings for one service. Schema changes come only from migrations, run at start
 * (never `synchronize`). The pool is sized explicitly and a request for a connection gives up
 * after `acquireTimeoutMs`, so an exhausted pool or a dead database fails fast instead of hanging.
 */
export const dataSourceOptions = (options: PersistenceOptions): DataSourceOptions => {
  const pool = { ...DEFAULT_POOL, ...options.pool };
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsRun: options.name === undefined,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: pool.max,
    connectTimeoutMS: pool.acquireTimeoutMs,
    extra: {
      application_name: options.applicationName,
      max: pool.max,
      connectionTimeoutMillis: pool.acquireTimeoutMs,
      idleTimeoutMillis: pool.idleTimeoutMs,
    },
  };
};

@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options),
          ...(options.name === undefined ? {} : { name: options.name }),
          // At start the database may still be coming up; retry a bounded number of times.
          retryAttempts: 10,
          retryDelay: 1_000,
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
