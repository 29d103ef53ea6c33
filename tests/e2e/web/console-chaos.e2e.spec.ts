import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { LOCAL_INFRA, repoRoot, ServiceProcess, stateDir, waitFor } from '@pattern-shop/testing';
import { launchChromium } from '../support/browser.js';
import { placedOrderIds } from '../support/order-api.js';

const WEB = 'http://127.0.0.1:8080';
const STAFF = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };
// The quickest scenario of the catalogue: one Toxiproxy hop disabled, no app or server restarted.
const SCENARIO = 'inventory-down';

type RunAnswer = {
  run: null | {
    scenario: string;
    state: string;
    progress: string[];
    verdict?: { verdicts: Array<{ invariant: string; result: string }>; orderIds: string[] };
  };
};

const startRun = (body: unknown, headers: Record<string, string> = STAFF) =>
  fetch(`${WEB}/api/console/chaos/run`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const currentRun = async (): Promise<RunAnswer['run']> =>
  ((await (await fetch(`${WEB}/api/console/chaos/run`, { headers: STAFF })).json()) as RunAnswer)
    .run;

/**
 * The console's chaos scenarios in a real Chromium: web runs the lab's own command, which starts
 * the seven apps in chaos mode, so no app may run beside it. Staff start the quickest scenario
 * from the page, see the lanes mark it, and read its verdict. It takes docs/web/console-chaos.png.
 */
describe('the chaos scenarios of the operations console', () => {
  let web: ServiceProcess | undefined;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    web = ServiceProcess.start('web', { CHAOS_LAB: '1', PATTERN_SHOP_STATE_DIR: stateDir() });
    await web.waitUntilReady();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  }, 60_000);

  it('given bad input or no operator token, then a problem that says why, and no run starts', async () => {
    const refused = await Promise.all([
      startRun({ scenario: SCENARIO, rate: 2, durationS: 6 }, {}),
      startRun({ scenario: SCENARIO, rate: 0, durationS: 6 }),
      startRun({ scenario: SCENARIO, rate: 2, durationS: 3_600 }),
      startRun({ scenario: SCENARIO, rate: 2, durationS: 6, weak: true }),
      startRun({ scenario: 'no-such-scenario', rate: 2, durationS: 6 }),
    ]);

    expect(refused.map((answer) => answer.status)).toEqual([401, 400, 400, 400, 400]);
    for (const answer of refused)
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(await refused[4]?.json())).toContain(
      "unknown scenario 'no-such-scenario'",
    );
    expect(await currentRun()).toBeNull();
  }, 30_000);

  it('given the console, when staff start a scenario, then the lanes mark it, a second start is refused, and its verdict shows each invariant', async () => {
    await page.goto(`${WEB}/console`);
    await page.getByLabel('operator token').fill(LOCAL_INFRA.operatorToken);
    await page.getByRole('button', { name: 'Open the console' }).click();
    const panel = page.getByTestId('chaos');
    await panel.getByText('The catalogue').click();
    await panel.getByTestId('chaos-catalogue').getByText(SCENARIO, { exact: true }).waitFor();
    const form = panel.getByTestId('chaos-start');
    await form.locator('select[name="scenario"]').selectOption(SCENARIO);
    await form.locator('input[name="rate"]').fill('2');
    await form.locator('input[name="durationS"]').fill('6');
    await form.getByRole('button', { name: 'Start the scenario' }).click();

    await panel.locator('[data-testid="chaos-run"][data-state="running"]').waitFor();
    await page.getByTestId('lanes-chaos-mark').getByText(SCENARIO).waitFor();
    const second = await startRun({ scenario: SCENARIO, rate: 2, durationS: 6 });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/application\/problem\+json/);
    await waitFor('the run to report progress', async () =>
      ((await currentRun())?.progress.length ?? 0) > 0 ? true : undefined,
    );

    const verdict = panel.getByTestId('chaos-verdict');
    await verdict.waitFor({ timeout: 150_000 });
    const run = await currentRun();
    // The lab placed these orders: leave-nothing-behind.ts takes their messages after the file.
    const placed = run?.verdict?.orderIds ?? [];
    for (const orderId of placed) placedOrderIds.add(orderId);
    expect(run?.state).toBe('passed');
    expect(run?.verdict?.verdicts.filter((v) => v.result === 'fail')).toEqual([]);
    expect(placed.length).toBeGreaterThan(0);
    await verdict.getByText('every 202 is exactly one order', { exact: false }).first().waitFor();
    expect(await verdict.locator('tr.verdict-fail').count()).toBe(0);
    expect(await verdict.locator('tr.verdict-pass').count()).toBeGreaterThanOrEqual(15);
    await panel.getByText('The catalogue').click(); // folded, so the shot shows the run
    await panel.getByTestId('chaos-catalogue').waitFor({ state: 'hidden' });
    await panel.screenshot({ path: join(repoRoot(), 'docs', 'web', 'console-chaos.png') });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
