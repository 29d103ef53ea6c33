import { describe, expect, it } from '@jest/globals';
import { ALL_APPS, stackAppsFrom } from './stack-apps-setting.js';

describe('STACK_APPS: the apps ./bin/run starts', () => {
  it.each([undefined, '', ' , '])('given STACK_APPS=%p, then every app starts', (value) => {
    expect(stackAppsFrom(value)).toEqual(ALL_APPS);
    expect(ALL_APPS).toHaveLength(8);
  });

  it('given some names, in any order, with spaces and repeats, then those apps in the usual order', () => {
    expect(stackAppsFrom(' payment-provider,inventory-service, payment-provider')).toEqual([
      'inventory-service',
      'payment-provider',
    ]);
  });

  it('given an unknown name, then it is refused with the names it could be', () => {
    expect(() => stackAppsFrom('inventory-service,inventroy')).toThrow(
      'STACK_APPS names inventroy, which ./bin/run does not know; the apps are: web, order-service, inventory-service,',
    );
  });
});
