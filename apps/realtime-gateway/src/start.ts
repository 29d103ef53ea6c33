// The service itself, loaded by main.ts once tracing is set up.
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { realtimeApiDocument } from './openapi/realtime-api.document.js';
import { loadRealtimeGatewayConfig } from './realtime-gateway.config.js';

await runService({
  name: 'realtime-gateway',
  loadConfig: loadRealtimeGatewayConfig,
  appModule: (context) => AppModule.register(context),
  openApi: realtimeApiDocument,
});
