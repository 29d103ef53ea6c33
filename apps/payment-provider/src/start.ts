// The service itself, loaded by main.ts once tracing is set up.
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { providerApiDocument } from './openapi/provider-api.document.js';
import { loadPaymentProviderConfig } from './payment-provider.config.js';

await runService({
  name: 'payment-provider',
  loadConfig: loadPaymentProviderConfig,
  appModule: (context) => AppModule.register(context),
  openApi: providerApiDocument,
});
