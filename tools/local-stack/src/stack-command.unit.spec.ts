import { describe, expect, it } from '@jest/globals';
import type { AppName } from '@pattern-shop/contracts';
import { StackControlError } from '@pattern-shop/testing';
import { parseStackCommand } from './stack-command.js';

const RUNNING: AppName[] = ['inventory-service', 'payment-provider'];

const refusalOf = (body: unknown): StackControlError => {
  try {
    parseStackCommand(body, RUNNING);
  } catch (error) {
    if (error instanceof StackControlError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(body)} was accepted`);
};

describe("the control socket's commands, as ./bin/run checks them", () => {
  it('given well-formed commands for its apps, then they are taken as they are', () => {
    expect(parseStackCommand({ action: 'status' }, RUNNING)).toEqual({ action: 'status' });
    expect(parseStackCommand({ action: 'thaw', app: 'payment-provider' }, RUNNING)).toEqual({
      action: 'thaw',
      app: 'payment-provider',
    });
    expect(
      parseStackCommand(
        {
          action: 'restart',
          app: 'inventory-service',
          weak: ['ack-before-effect', 'ack-before-effect'],
          settings: { LOG_LEVEL: 'debug' },
        },
        RUNNING,
      ),
    ).toEqual({
      action: 'restart',
      app: 'inventory-service',
      weak: ['ack-before-effect'],
      settings: { LOG_LEVEL: 'debug' },
    });
  });

  it('given a restart with neither weak nor settings, then both empty: the defaults', () => {
    expect(parseStackCommand({ action: 'restart', app: 'payment-provider' }, RUNNING)).toEqual({
      action: 'restart',
      app: 'payment-provider',
      weak: [],
      settings: {},
    });
  });

  it('given an app it does not know, then unknown-app with every name', () => {
    const error = refusalOf({ action: 'stop', app: 'orders' });
    expect(error.reason).toBe('unknown-app');
    expect(error.message).toBe(
      'unknown app "orders"; the apps are: web, order-service, inventory-service, payment-service, email-service, analytics-service, realtime-gateway, payment-provider',
    );
  });

  it('given an app that STACK_APPS left out, then unknown-app naming the apps it runs', () => {
    const error = refusalOf({ action: 'freeze', app: 'order-service' });
    expect(error.reason).toBe('unknown-app');
    expect(error.message).toBe(
      "order-service is not one of this ./bin/run's apps (STACK_APPS); it runs: inventory-service, payment-provider",
    );
  });

  it.each([
    [null, 'a command is a JSON object'],
    [
      { action: 'kill', app: 'payment-provider' },
      'unknown action "kill"; the actions are: status, stop, start, freeze, thaw, restart',
    ],
    [{ action: 'status', app: 'payment-provider' }, 'status takes no app, weak or settings'],
    [
      { action: 'start', app: 'payment-provider', weak: ['no-inbox'] },
      'weak and settings go with restart only, not start',
    ],
    [{ action: 'stop', app: 'payment-provider', force: true }, 'unknown field(s): force'],
    [
      { action: 'restart', app: 'payment-provider', weak: 'no-inbox' },
      'weak is a list of switch names, e.g. ["ack-before-effect"]',
    ],
    [
      { action: 'restart', app: 'payment-provider', weak: ['a,b'] },
      'weak is a list of switch names, e.g. ["ack-before-effect"]',
    ],
    [
      { action: 'restart', app: 'payment-provider', settings: ['X=1'] },
      'settings is an object of variable names to string values',
    ],
    [
      { action: 'restart', app: 'payment-provider', settings: { 'X-1': '1' } },
      '"X-1" is not a variable name',
    ],
    [
      { action: 'restart', app: 'payment-provider', settings: { X: 1 } },
      'the value of X must be a string',
    ],
    [
      { action: 'restart', app: 'payment-provider', settings: { WEAK_MECHANISMS: 'no-inbox' } },
      'give WEAK_MECHANISMS as weak, not as a setting',
    ],
  ])('given %p, then bad-command: %s', (body, message) => {
    const error = refusalOf(body);
    expect(error.reason).toBe('bad-command');
    expect(error.message).toBe(message);
  });
});
