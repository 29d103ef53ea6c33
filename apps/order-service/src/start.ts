// The service itself, loaded by main.ts once tracing is set up.
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { orderApiDocument } from './openapi/order-api.document.js';
import { loadOrderServiceConfig } from './order-service.config.js';

await runService({
  name: 'order-service',
  loadConfig: loadOrderServiceConfig,
  appModule: (context) => AppModule.register(context),
  openApi: orderApiDocument,
});
