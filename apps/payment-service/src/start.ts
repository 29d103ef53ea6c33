// The service itself, loaded by main.ts once tracing is set up.
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { paymentApiDocument } from './openapi/payment-api.document.js';
import { loadPaymentServiceConfig } from './payment-service.config.js';

await runService({
  name: 'payment-service',
  loadConfig: loadPaymentServiceConfig,
  appModule: (context) => AppModule.register(context),
  openApi: paymentApiDocument,
});
