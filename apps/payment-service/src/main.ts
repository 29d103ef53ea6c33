// Owns payments and refunds; consumes payment commands and calls the card processor.
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { loadPaymentServiceConfig } from './payment-service.config.js';

await runService({
  name: 'payment-service',
  loadConfig: loadPaymentServiceConfig,
  appModule: (context) => AppModule.register(context),
});
