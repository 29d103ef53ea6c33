import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { BehaviourSettings } from '../behaviour/behaviour-settings.js';
import { PaymentLedger } from '../ledger/payment-ledger.js';
import { providerMetrics } from '../provider-metrics.js';
import { RefundChargeHandler } from '../refund-charge/refund-charge.handler.js';
import { ChargeCardHandler, type SimulationDeps } from './charge-card.handler.js';

const order = {
  orderId: '0b7e6c1e-8d4f-4a57-9a3e-2f1c5d6e7f80',
  customerId: 'cust-1',
  amountCents: 1_000,
  currency: 'EUR',
};

/** Handlers on an in-memory ledger; `sleep` records each wait and what the ledger held then. */
const simulation = () => {
  let id = 0;
  const waits: { ms: number; capturedWhileWaiting: number }[] = [];
  const ledger = new PaymentLedger({ newId: () => `${++id}`, now: () => new Date() });
  const deps: SimulationDeps = {
    ledger,
    settings: new BehaviourSettings(),
    metrics: providerMetrics(new Registry()),
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push({ ms, capturedWhileWaiting: ledger.totals().charges.captured });
    },
  };
  return {
    deps,
    waits,
    charges: new ChargeCardHandler(deps),
    refunds: new RefundChargeHandler(deps),
  };
};

describe('charging and refunding with knobs', () => {
  it('given latency, when a charge is made, then it is captured before the answer waits: a caller that gives up is still charged', async () => {
    const { deps, waits, charges } = simulation();
    deps.settings.replace({ ...deps.settings.current, latencyMs: 3_000 });

    const answer = await charges.charge('key-1', order, {});
    expect(answer.status).toBe(201);
    expect(waits).toEqual([{ ms: 3_000, capturedWhileWaiting: 1 }]);
  });

  it('given an erroring provider, when charged, then 503 and nothing recorded; the same key later is charged', async () => {
    const { deps, charges } = simulation();
    deps.settings.replace({ ...deps.settings.current, errorRate: 1 });
    expect((await charges.charge('key-1', order, {})).status).toBe(503);
    expect(deps.ledger.totals().charges).toEqual({ captured: 0, declined: 0 });

    deps.settings.reset();
    expect((await charges.charge('key-1', order, {})).status).toBe(201);
  });

  it('given a declined charge, when the same key comes again, then the same decline, not a new decision', async () => {
    const { charges } = simulation();
    const first = await charges.charge('key-1', order, { outcome: 'decline' });
    const again = await charges.charge('key-1', order, { outcome: 'approve' });
    expect(first.status).toBe(402);
    expect(again).toEqual(first);
  });

  it('given a captured charge, when refunded twice with one key, then one refund; a failing refund refunds nothing', async () => {
    const { deps, charges, refunds } = simulation();
    const charged = await charges.charge('key-1', order, {});
    const refund = { chargeId: String(charged.body['chargeId']), amountCents: 1_000 };

    expect((await refunds.refund('pay-1', refund, { refundFails: true })).status).toBe(503);
    const first = await refunds.refund('pay-1', refund, {});
    const again = await refunds.refund('pay-1', refund, {});
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    expect(deps.ledger.totals()).toMatchObject({ refunds: 1, netCents: 0 });
  });

  it('given a refund beyond the charge or of an unknown charge, when asked, then 422 or 404', async () => {
    const { charges, refunds } = simulation();
    const charged = await charges.charge('key-1', order, {});
    const chargeId = String(charged.body['chargeId']);
    expect((await refunds.refund('pay-1', { chargeId, amountCents: 1_001 }, {})).status).toBe(422);
    expect((await refunds.refund('pay-2', { chargeId: 'ch_x', amountCents: 1 }, {})).status).toBe(
      404,
    );
  });
});
