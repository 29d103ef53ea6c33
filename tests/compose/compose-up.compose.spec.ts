// The whole `docker compose up` on a real Docker engine: images built from infra/docker/Dockerfile,
// the infrastructure from the stand-ins of infra/docker/stand-ins (no image registry is reachable
// here; README, With Docker, says where they differ from the official images), every health
// check waited for, and one order placed through the published port, confirmed and mailed.
// It runs beside the native servers: tests/compose/other-ports.yml publishes only what it uses.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { bearer, repoRoot, startGuestSession, waitFor } from '@pattern-shop/testing';
import { DOCKER, runOk } from './support/docker-cli.js';

const PROJECT = 'pattern-shop-compose-test';
const ORDER_API = 'http://127.0.0.1:23001';
const MAIL_API = 'http://127.0.0.1:21080';
const compose = (...args: string[]) => [
  'compose',
  '-p',
  PROJECT,
  '-f',
  'docker-compose.yml',
  '-f',
  'infra/docker/stand-ins/compose.yml',
  '-f',
  'tests/compose/other-ports.yml',
  ...args,
];

type ServiceState = Readonly<{ Service: string; State: string; Health: string; ExitCode: number }>;

/**
 * One-shot containers, done once they exited 0: kafka-identities creates Kafka's users and ACLs,
 * rabbitmq-migrate moves queues an older tree declared (none on a new volume).
 */
const ONE_SHOTS = ['kafka-identities', 'rabbitmq-migrate'];

describe('docker compose up, on a real engine', () => {
  beforeAll(async () => {
    // Engine, Compose, base images and stand-ins: ~6 min on a new machine, seconds after that.
    await runOk(join(repoRoot(), 'infra/docker/setup'), [], { timeoutMs: 900_000 });
    // A previous run that was killed may have left its containers and volumes.
    await runOk(DOCKER, compose('down', '-v', '--remove-orphans'), { timeoutMs: 120_000 });
    await runOk(DOCKER, compose('up', '-d', '--build', '--wait', '--wait-timeout', '480'), {
      timeoutMs: 900_000,
    });
  }, 1_900_000);

  afterAll(async () => {
    await runOk(DOCKER, compose('down', '-v', '--remove-orphans'), { timeoutMs: 120_000 });
  }, 130_000);

  it('given the core profile, when it is up, then every container runs and reports healthy', async () => {
    const states = (
      await runOk(DOCKER, compose('ps', '--all', '--format', 'json'), {
        timeoutMs: 60_000,
      })
    )
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ServiceState);

    expect(states.map((s) => s.Service).sort()).toEqual(
      [
        'analytics-service',
        'email-service',
        'inventory-service',
        'kafka',
        'kafka-identities',
        'maildev',
        'order-service',
        'payment-provider',
        'payment-service',
        'postgres',
        'rabbitmq',
        'rabbitmq-migrate',
        'realtime-gateway',
        'web',
      ].sort(),
    );
    const longRunning = states.filter((s) => !ONE_SHOTS.includes(s.Service));
    expect(longRunning.filter((s) => s.State !== 'running' || s.Health !== 'healthy')).toEqual([]);
    const oneShots = states.filter((s) => ONE_SHOTS.includes(s.Service));
    expect(oneShots.map((s) => [s.Service, s.State, s.ExitCode])).toEqual(
      ONE_SHOTS.map((service) => [service, 'exited', 0]),
    );
  });

  it('given the published order API, when a guest places an order, then it is confirmed and the guest is mailed', async () => {
    const guest = await startGuestSession(ORDER_API);
    const { customerId } = guest;
    const placed = await fetch(`${ORDER_API}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        ...bearer(guest),
      },
      body: JSON.stringify({ items: [{ sku: 'MUG-001', quantity: 1 }] }),
    });
    expect(placed.status).toBe(202);
    const { orderId, accessToken } = (await placed.json()) as {
      orderId: string;
      accessToken: string;
    };

    const final = await waitFor(
      `order ${orderId} to leave PENDING`,
      async () => {
        const view = (await (
          await fetch(`${ORDER_API}/orders/${orderId}`, {
            headers: { authorization: `Bearer ${accessToken}` },
          })
        ).json()) as { status: string };
        return view.status === 'PENDING' ? undefined : view.status;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(final).toBe('CONFIRMED');

    // email-service's address for a customer (order-email.templates.ts: recipientOf).
    const address = `customer-${customerId}@pattern-shop.test`;
    const subjects = await waitFor(
      `the confirmation mail to ${address}`,
      async () => {
        const mails = (await (
          await fetch(`${MAIL_API}/api/email?to.address=${encodeURIComponent(address)}`)
        ).json()) as { subject: string }[];
        return mails.length > 0 ? mails.map((m) => m.subject) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(subjects).toEqual([`Your order ${orderId} is confirmed`]);
  }, 150_000); // its two waits take up to 60 s each on a busy machine; Jest's default is 5 s
});
