import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import type { Registry } from 'prom-client';
import { monitorQueues, type QueueMonitor } from './queue-monitor.js';
import { RabbitConnection, type RabbitConnectionOptions } from './rabbit-connection.js';

/** What the service's `/metrics` reports about the queues it consumes (docs/consumers.md). */
export type QueueMonitorSettings = Readonly<{
  /** Root of the management plugin; no monitor when undefined (e.g. the plugin is off). */
  managementUrl: string | undefined;
  /** The queues this service consumes; each one's `Q.dlq` is watched too. */
  queues: readonly string[];
  registry: Registry;
  /** Default 5 s, the broker's own statistics interval: polling faster reads the same figures. */
  intervalMs?: number;
}>;

export type RabbitMqModuleOptions = RabbitConnectionOptions & {
  queueMonitor?: QueueMonitorSettings;
};

const QUEUE_MONITOR = Symbol('QUEUE_MONITOR');

/**
 * Provides the service's one `RabbitConnection`, opened at start and closed at shutdown, and
 * optionally a poller of the management API for the depth, age and dead letters of its queues.
 */
@Module({})
export class RabbitMqModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(RabbitConnection) private readonly connection: RabbitConnection,
    @Optional() @Inject(QUEUE_MONITOR) private readonly monitor?: QueueMonitor,
  ) {}

  static forRoot({ queueMonitor, ...options }: RabbitMqModuleOptions): DynamicModule {
    const monitor = queueMonitor?.managementUrl
      ? queueMonitorFor(options, { ...queueMonitor, managementUrl: queueMonitor.managementUrl })
      : undefined;
    return {
      module: RabbitMqModule,
      global: true,
      providers: [
        { provide: RabbitConnection, useValue: new RabbitConnection(options) },
        ...(monitor ? [{ provide: QUEUE_MONITOR, useValue: monitor }] : []),
      ],
      exports: [RabbitConnection],
    };
  }

  onModuleInit(): Promise<void> {
    // The first poll runs in the background: a missing management plugin must not stop a start.
    void this.monitor?.refresh();
    return this.connection.start();
  }

  onApplicationShutdown(): Promise<void> {
    this.monitor?.stop();
    return this.connection.close();
  }
}

/** The management API takes the same user as AMQP; the credentials come from the AMQP URL. */
const queueMonitorFor = (
  { url, logger }: RabbitConnectionOptions,
  settings: QueueMonitorSettings & { managementUrl: string },
): QueueMonitor => {
  const amqp = new URL(url);
  const vhost = decodeURIComponent(amqp.pathname.replace(/^\//, '')) || '/';
  return monitorQueues({
    managementUrl: settings.managementUrl,
    username: decodeURIComponent(amqp.username) || 'guest',
    password: decodeURIComponent(amqp.password) || 'guest',
    vhost,
    queues: settings.queues,
    registry: settings.registry,
    intervalMs: settings.intervalMs ?? 5_000,
    onError: (queue, error) =>
      logger?.warn(
        { queue, reason: error instanceof Error ? error.message : String(error) },
        'queue monitor could not read the queue from the management API',
      ),
  });
};
