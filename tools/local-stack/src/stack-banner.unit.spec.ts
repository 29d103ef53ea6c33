import { describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES } from '@pattern-shop/contracts';
import { ALL_APPS } from './stack-apps-setting.js';
import { startingLine, whereToLook } from './stack-banner.js';

describe("./bin/run's banner", () => {
  it("given every app, when it starts, then its first line names the storefront's address", () => {
    expect(startingLine(ALL_APPS)).toBe(
      'starting the seven apps and the storefront (http://127.0.0.1:8080)...',
    );
  });

  it('given every app, when they are ready, then the storefront comes first, before the first row of the apps, and web is that first row', () => {
    const lines = whereToLook(ALL_APPS, '/state/logs/apps').split('\n');
    const running = lines.findIndex((line) => line.startsWith('Pattern Shop is running'));
    expect(lines[running]).toBe('Pattern Shop is running. The storefront: http://127.0.0.1:8080');
    expect(lines.slice(0, running).join('').trim()).toBe('');
    const apps = lines.indexOf('Apps:');
    expect(lines[apps + 1]).toMatch(/^ {2}web +http:\/\/127\.0\.0\.1:8080 /);
    expect(
      lines.slice(apps + 1, apps + 1 + ALL_APPS.length).map((l) => l.trim().split(' ')[0]),
    ).toEqual(['web', ...SERVICE_NAMES]);
    expect(lines).toContain('Logs (JSON, one file per app): /state/logs/apps/<app>.log');
  });

  it('given STACK_APPS, then the lines name only those apps, and no storefront', () => {
    expect(startingLine(['inventory-service'])).toBe('starting inventory-service (STACK_APPS)...');
    expect(whereToLook(['inventory-service'], '/l')).toContain(
      'Pattern Shop is running (only STACK_APPS=inventory-service)',
    );
  });
});
