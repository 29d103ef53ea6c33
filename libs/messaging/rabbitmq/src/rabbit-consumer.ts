import {
  Inject,
  Injectable,
  type InjectionToken,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import type { Registry } from 'prom-client';
import { decodeMessage } from '@pattern-shop/messaging-inbox';
import type { Logger } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import {
  type ConsumerDeclaration,
  type ConsumerSettings,
  type Dependencies,
  type Injected,
  messageRouter,
} from './consumer-declaration.js';
import { RabbitConnection } from './rabbit-connection.js';
import { subscribe } from './rabbit-subscriber.js';
import type { Subscription } from './subscription-options.js';

/**
 * A Nest provider that subscribes `binding` on application bootstrap and closes the subscription
 * on shutdown, dispatching each decoded message to the route of its type (docs/consumers.md).
 */
export const rabbitConsumer = <D extends Dependencies>(
  declaration: ConsumerDeclaration<D>,
): Type<OnApplicationBootstrap & OnApplicationShutdown> => {
  const { binding, settings = {}, inject } = declaration;
  const settingsToken = typeof settings === 'object' ? undefined : settings;
  const names = Object.keys(inject);
  const tokens: InjectionToken[] = [
    RabbitConnection,
    LOGGER,
    METRICS_REGISTRY,
    ...(settingsToken === undefined ? [] : [settingsToken]),
    ...names.map((name) => inject[name] as InjectionToken),
  ];

  @Injectable()
  class DeclaredRabbitConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
    private subscription: Subscription | undefined;
    private readonly resolved: unknown[];

    constructor(...resolved: unknown[]) {
      this.resolved = resolved;
    }

    async onApplicationBootstrap(): Promise<void> {
      const [connection, logger, metrics, ...rest] = this.resolved as [
        RabbitConnection,
        Logger,
        Registry,
        ...unknown[],
      ];
      const configured = (settingsToken === undefined ? settings : rest[0]) as ConsumerSettings;
      const values = settingsToken === undefined ? rest : rest.slice(1);
      const injected = Object.fromEntries(names.map((name, i) => [name, values[i]])) as Injected<D>;
      const route = messageRouter(declaration, injected, logger, metrics);
      let consumedBefore = false;
      this.subscription = await subscribe(connection, {
        decode: decodeMessage,
        ...configured,
        ...binding,
        logger,
        metrics,
        onConsuming: () => {
          if (consumedBefore) declaration.onConsumingAgain?.(injected);
          consumedBefore = true;
        },
        handle: route,
      });
    }

    async onApplicationShutdown(): Promise<void> {
      await this.subscription?.close();
    }
  }

  tokens.forEach((token, index) => Inject(token)(DeclaredRabbitConsumer, undefined, index));
  // Only for Nest's messages (e.g. a dependency it cannot resolve): which consumer it was.
  Object.defineProperty(DeclaredRabbitConsumer, 'name', { value: `Consumer(${binding.queue})` });
  return DeclaredRabbitConsumer;
};
