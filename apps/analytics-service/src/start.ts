// The service itself, loaded by main.ts once tracing is set up.
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { analyticsApiDocument } from './openapi/analytics-api.document.js';
import { loadAnalyticsServiceConfig } from './analytics-service.config.js';

await runService({
  name: 'analytics-service',
  loadConfig: loadAnalyticsServiceConfig,
  appModule: (context) => AppModule.register(context),
  openApi: analyticsApiDocument,
});
