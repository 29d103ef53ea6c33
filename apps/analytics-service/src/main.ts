// Builds projections from the Kafka streams and runs the nightly jobs (patterns 4 and 7).
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { loadAnalyticsServiceConfig } from './analytics-service.config.js';

await runService({
  name: 'analytics-service',
  loadConfig: loadAnalyticsServiceConfig,
  appModule: (context) => AppModule.register(context),
});
