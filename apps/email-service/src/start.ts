// The service itself, loaded by main.ts once tracing is set up.
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { emailApiDocument } from './openapi/email-api.document.js';
import { loadEmailServiceConfig } from './email-service.config.js';

await runService({
  name: 'email-service',
  loadConfig: loadEmailServiceConfig,
  appModule: (context) => AppModule.register(context),
  openApi: emailApiDocument,
});
