import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@pattern-shop/contracts';
import { infra, ServiceProcess, stateDir, waitFor } from '@pattern-shop/testing';

/** What each app's `/health/ready` must check: its own database and brokers, nothing else. */
const DEPENDENCIES: Record<ServiceName, string[]> = {
  'order-service': ['database', 'kafka', 'rabbitmq'],
  'inventory-service': ['database', 'kafka', 'rabbitmq'],
  'payment-service': ['database', 'kafka', 'rabbitmq'],
  'payment-provider': [],
  'email-service': ['database', 'rabbitmq', 'smtp'],
  'analytics-service': ['database', 'kafka'],
  'realtime-gateway': ['rabbitmq'],
};

const usesRabbitMq = (service: ServiceName) => DEPENDENCIES[service].includes('rabbitmq');

describe('walking skeleton: seven apps as real processes on the real infrastructure', () => {
  const apps = new Map<ServiceName, ServiceProcess>();

  beforeAll(async () => {
    await infra('up');
    for (const name of SERVICE_NAMES) apps.set(name, ServiceProcess.start(name));
    await Promise.all([...apps.values()].map((app) => app.waitUntilReady(90_000)));
  }, 240_000);

  afterAll(async () => {
    await Promise.all([...apps.values()].map((app) => app.stop()));
    await infra('up', 'rabbitmq'); // leave the infrastructure as the suite found it
  }, 120_000);

  it('given all seven apps started, then each reports exactly its own dependencies up', async () => {
    for (const [name, app] of apps) {
      const { httpStatus, body } = await app.readiness();
      expect({ name, httpStatus, status: body.status }).toEqual({
        name,
        httpStatus: 200,
        status: 'ok',
      });
      expect(Object.keys(body.details ?? {}).sort()).toEqual(DEPENDENCIES[name]);
      expect(Object.values(body.details ?? {}).every((detail) => detail.status === 'up')).toBe(
        true,
      );
    }
  });

  it('given RabbitMQ stops, then the apps using it turn not ready naming it, and ready again when it returns', async () => {
    await infra('down', 'rabbitmq');
    const rabbitUsers = SERVICE_NAMES.filter(usesRabbitMq);
    for (const name of rabbitUsers) {
      const report = await waitFor(`${name} to report RabbitMQ down`, async () => {
        const current = await (apps.get(name) as ServiceProcess).readiness();
        return current.httpStatus === 503 ? current : undefined;
      });
      expect(report.body.details?.['rabbitmq']?.status).toBe('down');
    }
    for (const name of SERVICE_NAMES.filter((service) => !usesRabbitMq(service))) {
      expect((await (apps.get(name) as ServiceProcess).readiness()).httpStatus).toBe(200);
    }

    await infra('up', 'rabbitmq');
    for (const name of rabbitUsers) {
      await waitFor(`${name} to report ready after RabbitMQ returned`, async () =>
        (await (apps.get(name) as ServiceProcess).readiness()).httpStatus === 200
          ? true
          : undefined,
      );
    }
  }, 180_000);

  it('given a request with a correlation id, then the answer echoes it and the JSON log line carries it', async () => {
    const correlationId = `walking-skeleton-${Date.now()}`;
    const response = await fetch('http://127.0.0.1:3001/no-such-route', {
      headers: { 'x-correlation-id': correlationId },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    expect(await response.json()).toMatchObject({
      status: 404,
      instance: '/no-such-route',
      correlationId,
    });

    const logFile = join(stateDir(), 'logs', 'apps', 'order-service.log');
    const line = await waitFor('the request log line', async () =>
      readFileSync(logFile, 'utf8')
        .split('\n')
        .find((entry) => entry.includes(correlationId)),
    );
    expect(JSON.parse(line)).toMatchObject({
      service: 'order-service',
      correlationId,
      status: 404,
      msg: 'request completed',
    });
  });

  it('given a scrape, then every app exports process metrics and the HTTP duration histogram', async () => {
    for (const app of apps.values()) {
      await fetch(`${app.baseUrl}/health/live`);
      const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
      expect(text).toContain(`process_resident_memory_bytes{service="${app.name}"}`);
      expect(text).toMatch(/http_server_request_duration_seconds_bucket\{.*route="\/health\/live"/);
    }
  });

  it('given SIGTERM, then every app shuts down gracefully with exit code 0', async () => {
    const codes = await Promise.all([...apps.values()].map((app) => app.stop(15_000)));
    expect(codes).toEqual(SERVICE_NAMES.map(() => 0));
  }, 60_000);
});
