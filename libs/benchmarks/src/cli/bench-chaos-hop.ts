// What a Toxiproxy proxy costs with no toxic on it: `SELECT 1` round trips on one connection to
// the orders database, straight to 5432 and through order-service.postgres, alternately.
//   npx tsc -b libs/benchmarks && node libs/benchmarks/dist/cli/bench-chaos-hop.js [round trips]
import pg from 'pg';
import {
  chaosProxy,
  localEnvironment,
  ToxiproxyClient,
  toxiproxyConfig,
} from '@pattern-shop/testing';

const roundTrips = Number(process.argv[2] ?? 2_000);
if (!Number.isInteger(roundTrips) || roundTrips < 100) {
  console.error('usage: bench-chaos-hop.js [round trips, an integer of at least 100]');
  process.exit(2);
}

const percentiles = async (url: string): Promise<string> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (let i = 0; i < 200; i++) await client.query('SELECT 1'); // warm up
  const times: number[] = [];
  for (let i = 0; i < roundTrips; i++) {
    const started = performance.now();
    await client.query('SELECT 1');
    times.push(performance.now() - started);
  }
  await client.end();
  times.sort((a, b) => a - b);
  const at = (p: number) => (times[Math.floor((p / 100) * (times.length - 1))] ?? NaN).toFixed(3);
  return `p50 ${at(50)} ms  p99 ${at(99)} ms`;
};

// Creates the proxies if missing but never resets them: a chaos test may be using Toxiproxy.
const toxiproxy = new ToxiproxyClient();
await toxiproxy.populate(toxiproxyConfig());
const hop = await toxiproxy.proxy(chaosProxy('order-service', 'postgres').name);
if (!hop.enabled || hop.toxics.length > 0) {
  console.error(`${hop.name} is disabled or has toxics; measure on a clean proxy (POST /reset)`);
  process.exit(1);
}
const direct = localEnvironment('order-service')['DATABASE_URL'] as string;
const proxied = localEnvironment('order-service', { chaos: true })['DATABASE_URL'] as string;
console.log(`${roundTrips} SELECT 1 round trips each, one connection, no toxics`);
for (let run = 1; run <= 2; run++) {
  console.log(`  direct 127.0.0.1:5432          ${await percentiles(direct)}`);
  const port = chaosProxy('order-service', 'postgres').listenPort;
  console.log(`  through 127.0.0.1:${port} (proxy) ${await percentiles(proxied)}`);
}
