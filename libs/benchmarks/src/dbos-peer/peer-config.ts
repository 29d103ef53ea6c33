import { z } from 'zod';

/** A PostgreSQL schema name the peer may interpolate into its SQL: lower-case, no quoting needed. */
const schemaName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lower-case name');

const peerEnvironment = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535),
  DATABASE_URL: z.url(),
  PAYMENT_PROVIDER_URL: z.url(),
  /** Its orders, stock and reservations. */
  PEER_SCHEMA: schemaName,
  /** DBOS's own tables: workflow status, step outputs, transaction checkpoints. */
  PEER_DBOS_SCHEMA: schemaName,
  PEER_DB_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('warn'),
});

export type PeerConfig = Readonly<{
  port: number;
  databaseUrl: string;
  paymentProviderUrl: string;
  schema: string;
  dbosSchema: string;
  poolSize: number;
  logLevel: string;
}>;

/** Validates the environment; a bad value stops the start with a message naming the variable. */
export const peerConfigFrom = (env: NodeJS.ProcessEnv): PeerConfig => {
  const parsed = peerEnvironment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`checkout peer: invalid configuration: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    databaseUrl: value.DATABASE_URL,
    paymentProviderUrl: value.PAYMENT_PROVIDER_URL,
    schema: value.PEER_SCHEMA,
    dbosSchema: value.PEER_DBOS_SCHEMA,
    poolSize: value.PEER_DB_POOL_SIZE,
    logLevel: value.LOG_LEVEL,
  };
};
