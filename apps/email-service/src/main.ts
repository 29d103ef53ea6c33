// Subscribes to order facts and sends real mail over SMTP (pattern 3).
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { loadEmailServiceConfig } from './email-service.config.js';

await runService({
  name: 'email-service',
  loadConfig: loadEmailServiceConfig,
  appModule: (context) => AppModule.register(context),
});
