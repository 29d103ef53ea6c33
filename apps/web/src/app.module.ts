import { type DynamicModule, Module } from '@nestjs/common';
import {
  SCOPED_TOKENS,
  scopedTokensOf,
  PlatformModule,
  type ServiceContext,
} from '@pattern-shop/platform';
import { CUSTOMER_TOKENS, type CustomerTokenSettings } from './access/customer-access.js';
import { consoleControllers, consoleProviders } from './console/console.providers.js';
import { CatalogueHttpController } from './catalogue/catalogue.http.controller.js';
import { OrdersHttpController } from './orders/orders.http.controller.js';
import { JourneyModule } from './journey/journey.module.js';
import { GuestSessionHttpController } from './session/guest-session.http.controller.js';
import {
  CLIENT_DIR,
  ClientFilesHttpController,
  clientBuiltProbe,
} from './static-client/client-files.http.controller.js';
import {
  ClientSettingsHttpController,
  CLIENT_SETTINGS,
} from './static-client/client-settings.http.controller.js';
import { SERVICE_CALL, serviceCall } from './upstream/service-call.js';
import type { WebConfig } from './web.config.js';

/**
 * Wires web: the storefront's backend for the browser. It owns nothing durable; it relays the
 * customer's identity (guest session, sign-in, registration) from order-service, relays the
 * customer's requests to order-service and inventory-service with the customer's token, and
 * serves the single-page app. Later views (each order's journey, the
 * operations console) add their own controllers beside these.
 */
@Module({})
export class AppModule {
  static register({ config, logger, metrics }: ServiceContext<WebConfig>): DynamicModule {
    const tokens: CustomerTokenSettings = {
      secret: config.ACCESS_TOKEN_SECRET,
      now: () => new Date(),
    };
    const call = serviceCall(
      {
        'order-service': config.ORDER_SERVICE_URL,
        'inventory-service': config.INVENTORY_URL,
        'payment-provider': config.PAYMENT_PROVIDER_URL,
        prometheus: config.PROMETHEUS_URL,
      },
      config.UPSTREAM_TIMEOUT_MS,
    );
    return {
      module: AppModule,
      imports: [
        // The services being down is what the page reports, not a reason to stop serving it.
        PlatformModule.forRoot({
          logger,
          metrics,
          readiness: { useFactory: () => [clientBuiltProbe(config.WEB_CLIENT_DIR)] },
        }),
        JourneyModule.register(config, logger, { call, tokens, metrics }),
      ],
      controllers: [
        GuestSessionHttpController,
        CatalogueHttpController,
        OrdersHttpController,
        ClientSettingsHttpController,
        ...consoleControllers,
        ClientFilesHttpController,
      ],
      providers: [
        { provide: CUSTOMER_TOKENS, useValue: tokens },
        { provide: SERVICE_CALL, useValue: call },
        { provide: CLIENT_DIR, useValue: config.WEB_CLIENT_DIR },
        { provide: SCOPED_TOKENS, useValue: scopedTokensOf(config) },
        ...consoleProviders(config, logger),
        {
          provide: CLIENT_SETTINGS,
          useValue: { realtimeGatewayUrl: config.REALTIME_GATEWAY_PUBLIC_URL },
        },
      ],
    };
  }
}
