// The service itself, loaded by main.ts once tracing is set up.
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { inventoryApiDocument } from './openapi/inventory-api.document.js';
import { loadInventoryServiceConfig } from './inventory-service.config.js';

await runService({
  name: 'inventory-service',
  loadConfig: loadInventoryServiceConfig,
  appModule: (context) => AppModule.register(context),
  openApi: inventoryApiDocument,
});
