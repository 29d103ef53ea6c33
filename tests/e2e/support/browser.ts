import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's chromium, which `infra/local/browser` installs (bin/test runs it first). */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * A headless Chromium driven by playwright-core through its executablePath, so no browser is
 * downloaded from anywhere but Debian. `--no-sandbox`: CI runs the tests as root, where
 * Chromium's sandbox refuses to start.
 */
export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: run infra/local/browser (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
};

/** The guest identity the storefront minted; read as a string, the test code has no DOM types. */
export const guestSession = async (page: Page): Promise<{ customerId: string; token: string }> =>
  JSON.parse(
    (await page.evaluate<string | null>('localStorage.getItem("pattern-shop.session")')) ?? 'null',
  );
