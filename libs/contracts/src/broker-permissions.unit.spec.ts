import { describe, expect, it } from '@jest/globals';
import { brokerIdentityOf } from './broker-identities.js';
import { topicPermissionsOf, vhostPermissionsOf } from './broker-permissions.js';

const matches = (pattern: string, name: string): boolean => new RegExp(pattern).test(name);

describe('broker permissions derived from a service identity', () => {
  const payment = vhostPermissionsOf(brokerIdentityOf('payment-service'));

  it('given payment-service, then it may configure its own queue family and nothing of another', () => {
    for (const own of ['payment.commands', 'payment.commands.dlq', 'payment.commands.retry.10s'])
      expect(matches(payment.configure, own)).toBe(true);
    for (const other of [
      'inventory.commands',
      'order.saga-replies',
      'payment.commandsX',
      'x.payment.commands',
    ])
      expect(matches(payment.configure, other)).toBe(false);
  });

  it('given payment-service, then it reads its queue and retries, not the saga replies', () => {
    expect(matches(payment.read, 'payment.commands.retry.1500ms')).toBe(true);
    expect(matches(payment.read, 'order.saga-replies')).toBe(false);
  });

  it('given payment-service, then on shop.commands it may publish the saga reply key only', () => {
    const commands = topicPermissionsOf(brokerIdentityOf('payment-service')).find(
      ({ exchange }) => exchange === 'shop.commands',
    );
    expect(matches(commands?.write ?? '', 'order.saga-replies')).toBe(true);
    expect(matches(commands?.write ?? '', 'inventory.commands')).toBe(false);
  });

  it('given email-service, which publishes nothing, then it may neither configure shop.commands nor publish a key', () => {
    const email = brokerIdentityOf('email-service');
    expect(matches(vhostPermissionsOf(email).configure, 'shop.commands')).toBe(false);
    for (const { write } of topicPermissionsOf(email))
      expect(matches(write, 'order.confirmed')).toBe(false);
  });

  it('given realtime-gateway, then each instance queue and the shared dead letters are its own', () => {
    const { configure } = vhostPermissionsOf(brokerIdentityOf('realtime-gateway'));
    expect(matches(configure, 'realtime.order-events.host-1234abcd')).toBe(true);
    expect(matches(configure, 'realtime.order-events.dlq')).toBe(true);
    expect(matches(configure, 'email.order-events')).toBe(false);
  });

  it('given payment-service, then it may write no default exchange, only shop.dead-letters', () => {
    for (const defaultExchange of ['amq.default', ''])
      expect(matches(payment.write, defaultExchange)).toBe(false);
    expect(matches(payment.write, 'shop.dead-letters')).toBe(true);
  });

  it('given payment-service, then on shop.dead-letters it sends to its own retries and dead letters only, never to a consumed queue', () => {
    const deadLetters = topicPermissionsOf(brokerIdentityOf('payment-service')).find(
      ({ exchange }) => exchange === 'shop.dead-letters',
    );
    for (const own of ['payment.commands.dlq', 'payment.commands.retry.10s'])
      expect(matches(deadLetters?.write ?? '', own)).toBe(true);
    for (const other of ['payment.commands', 'order.saga-replies', 'inventory.commands.dlq'])
      expect(matches(deadLetters?.write ?? '', other)).toBe(false);
  });
});
