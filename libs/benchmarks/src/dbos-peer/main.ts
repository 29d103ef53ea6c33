// The checkout peer: the same checkout as ours (charge, reserve, confirm, refund when reserving
// fails) as one DBOS Transact workflow on PostgreSQL, with no broker. Started by bench:checkout
// and its int test; configured by environment (peer-config.ts).
import { DBOS } from '@dbos-inc/dbos-sdk';
import pg from 'pg';
import { registerCheckoutWorkflow } from './checkout-workflow.js';
import { peerConfigFrom } from './peer-config.js';
import { peerHttpServer } from './peer-http.js';

const config = peerConfigFrom(process.env);
// Half the connections for DBOS's checkpoints, half for the order transactions.
const poolSize = Math.max(1, Math.floor(config.poolSize / 2));
const systemPool = new pg.Pool({ connectionString: config.databaseUrl, max: poolSize });
systemPool.on('error', (error) => console.error(`checkout peer: system pool: ${error.message}`));

DBOS.setConfig({
  name: 'checkout-peer',
  systemDatabaseUrl: config.databaseUrl,
  systemDatabasePool: systemPool,
  systemDatabaseSchemaName: config.dbosSchema,
  logLevel: config.logLevel,
});
const ordersPool = new pg.Pool({ connectionString: config.databaseUrl, max: poolSize });
ordersPool.on('error', (error) => console.error(`checkout peer: orders pool: ${error.message}`));
const checkout = registerCheckoutWorkflow({
  pool: ordersPool,
  paymentProviderUrl: config.paymentProviderUrl,
  schema: config.schema,
});

await DBOS.launch();
const server = peerHttpServer(checkout).listen(config.port, '127.0.0.1');

const stop = async () => {
  server.close();
  server.closeAllConnections();
  await DBOS.shutdown();
  await Promise.all([systemPool.end(), ordersPool.end()]);
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
