import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { LOCAL_INFRA, ServiceProcess, waitFor } from '@pattern-shop/testing';
import { dropPeerSchemas, resetPeerSchemas, setPeerStock } from './peer-schema.js';
import { PEER_DATABASE_URL, PeerProcess } from './peer-process.js';

const SCHEMA = `peer_test_${randomUUID().slice(0, 8)}`;
const DBOS_SCHEMA = `${SCHEMA}_dbos`;
const OPERATOR = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };

type PeerOrder = { status: string; reason: string | null; charge_id: string | null };

/** The DBOS peer of bench:checkout on real PostgreSQL and a real payment-provider. */
describe('the checkout peer, one DBOS workflow per order', () => {
  let provider: ServiceProcess;
  let peer: PeerProcess;
  const db = new pg.Client({ connectionString: PEER_DATABASE_URL });

  const placeOrder = async (sku: string, orderId = randomUUID()) => {
    const response = await fetch(`${peer.baseUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': orderId },
      body: JSON.stringify({ items: [{ sku, quantity: 2 }] }),
    });
    expect(response.status).toBe(202);
    return orderId;
  };
  const orderRow = async (orderId: string) =>
    (await db.query<PeerOrder>(`SELECT * FROM ${SCHEMA}.orders WHERE id = $1`, [orderId])).rows[0];
  const finalOrder = (orderId: string) =>
    waitFor(`order ${orderId} to be final`, async () => {
      const row = await orderRow(orderId);
      return row !== undefined && row.status !== 'PENDING' ? row : undefined;
    });
  const providerBooks = async (orderId: string) => {
    const response = await fetch(`${provider.baseUrl}/admin/ledger/orders/${orderId}`, {
      headers: OPERATOR,
    });
    return (await response.json()) as { charges: { amountCents: number }[]; refunds: unknown[] };
  };
  const available = async (sku: string) =>
    (await db.query(`SELECT available FROM ${SCHEMA}.stock WHERE sku = $1`, [sku])).rows[0]
      ?.available;
  const setProviderLatency = (latencyMs: number) =>
    fetch(`${provider.baseUrl}/admin/behaviour`, {
      method: 'PUT',
      headers: { ...OPERATOR, 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs }),
    });

  beforeAll(async () => {
    await resetPeerSchemas(PEER_DATABASE_URL, SCHEMA, DBOS_SCHEMA);
    await db.connect();
    provider = ServiceProcess.start('payment-provider', { LOG_LEVEL: 'warn' });
    peer = PeerProcess.start({ port: 3090, schema: SCHEMA, dbosSchema: DBOS_SCHEMA });
    await Promise.all([provider.waitUntilReady(), peer.waitUntilReady()]);
  }, 60_000);

  afterAll(async () => {
    await peer?.stop();
    await provider?.stop();
    await db.end();
    await dropPeerSchemas(PEER_DATABASE_URL, SCHEMA, DBOS_SCHEMA);
  }, 30_000);

  it('given stock, when an order is placed, then it is charged once, the stock reserved and the order CONFIRMED', async () => {
    await setPeerStock(PEER_DATABASE_URL, SCHEMA, { sku: 'PEER-A', priceCents: 350, available: 5 });

    const orderId = await placeOrder('PEER-A');

    expect(await finalOrder(orderId)).toMatchObject({ status: 'CONFIRMED', reason: null });
    expect(await available('PEER-A')).toBe(3);
    const books = await providerBooks(orderId);
    expect(books.charges).toEqual([expect.objectContaining({ amountCents: 700 })]);
    expect(books.refunds).toEqual([]);
  });

  it('given too little stock, when an order is placed, then the charge is refunded and the order CANCELLED', async () => {
    await setPeerStock(PEER_DATABASE_URL, SCHEMA, { sku: 'PEER-B', priceCents: 350, available: 1 });

    const orderId = await placeOrder('PEER-B');

    expect(await finalOrder(orderId)).toMatchObject({
      status: 'CANCELLED',
      reason: 'out of stock',
    });
    expect(await available('PEER-B')).toBe(1);
    const books = await providerBooks(orderId);
    expect(books.charges).toHaveLength(1);
    expect(books.refunds).toEqual([expect.objectContaining({ amountCents: 700 })]);
  });

  it('given the peer dies while the provider holds its charge, when it starts again, then the workflow resumes and charges once', async () => {
    await setPeerStock(PEER_DATABASE_URL, SCHEMA, { sku: 'PEER-C', priceCents: 350, available: 5 });
    await setProviderLatency(3_000);
    const orderId = await placeOrder('PEER-C');
    // The provider records a charge before its latency: once it holds one, the step is in flight.
    await waitFor('the provider to hold the charge', async () =>
      (await providerBooks(orderId)).charges.length === 1 ? true : undefined,
    );

    await peer.kill();
    expect((await orderRow(orderId))?.status).toBe('PENDING');
    await setProviderLatency(0);
    peer = await peer.restart();
    await peer.waitUntilReady();

    expect(await finalOrder(orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect((await providerBooks(orderId)).charges).toHaveLength(1);
    expect(await available('PEER-C')).toBe(3);
  }, 30_000);
});
