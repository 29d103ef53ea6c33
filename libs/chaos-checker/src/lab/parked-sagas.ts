import type { Fault } from './scenario.js';

/** How long the fault waits for a first parked saga, looking every 500 ms. */
const PARK_LOOKS = 120;
/** How long the heal waits for refunds still being retried to end, looking every 250 ms. */
const SETTLE_LOOKS = 120;
/** How long it waits for the page, looking once a second. */
const ALERT_LOOKS = 60;
const ALERT = 'CheckoutSagaParked';

/**
 * Every refund fails while the fault lasts, so compensations exhaust their retries and park
 * (COMPENSATION_FAILED). The heal mends the card processor, lets the refunds still in their
 * retries finish, then does what the person on call does for each parked saga (workshop lab 5,
 * the console): `POST /sagas/:orderId/retry` on order-service.
 */
export const refundsFailingThenRetried = (describe: string): Fault => ({
  describe: `${describe} (payment-provider {"refundErrorRate":1}; parked sagas retried at heal)`,
  inject: async ({ providerBehaviour, queryDb, log, wait }) => {
    const since = new Date();
    await providerBehaviour({ refundErrorRate: 1 });
    log('payment-provider refuses every refund');
    // Held (bounded) until a compensation has given up: the heal is about parked sagas.
    for (let look = 1; look <= PARK_LOOKS; look++) {
      const [row] = await queryDb<{ n: number }>(
        'order-service',
        `SELECT count(*)::int AS n FROM checkout_sagas
          WHERE status = 'COMPENSATION_FAILED' AND updated_at >= $1`,
        [since],
      );
      if ((row?.n ?? 0) > 0) {
        log(
          `${row?.n} saga(s) parked ${(look * 0.5).toFixed(1)} s after the refunds began failing`,
        );
        return;
      }
      await wait(500);
    }
    log(`no saga parked within ${PARK_LOOKS / 2} s`);
  },
  heal: async ({ providerBehaviour, queryDb, operatorCall, alertActive, log, wait }) => {
    await providerBehaviour({});
    log('payment-provider behaviour back to defaults');
    for (let look = 0; look < SETTLE_LOOKS; look++) {
      const [row] = await queryDb<{ n: number }>(
        'order-service',
        `SELECT count(*)::int AS n FROM checkout_sagas WHERE status = 'REFUNDING'`,
      );
      if ((row?.n ?? 0) === 0) break;
      await wait(250);
    }
    const { body } = await operatorCall(
      'order-service',
      'GET',
      '/sagas?state=COMPENSATION_FAILED&limit=200',
    );
    const parked = ((body as { items?: ReadonlyArray<{ orderId: string }> }).items ?? []).map(
      (saga) => saga.orderId,
    );
    // The person on call acts when paged: the retry waits (bounded) for the alert to be active.
    for (let look = 1; parked.length > 0 && look <= ALERT_LOOKS; look++) {
      if (await alertActive(ALERT).catch(() => false)) {
        log(`${ALERT} active, ${parked.length} saga(s) parked`);
        break;
      }
      await wait(1_000);
    }
    const answers = await Promise.all(
      parked.map((id) => operatorCall('order-service', 'POST', `/sagas/${id}/retry`)),
    );
    const refused = answers.filter((answer) => answer.status !== 202).length;
    log(
      `retried ${parked.length} parked saga(s) through POST /sagas/:orderId/retry` +
        (refused > 0 ? `, ${refused} refused` : '') +
        (parked.length > 0 ? `: ${parked.join(', ')}` : ''),
    );
  },
});
