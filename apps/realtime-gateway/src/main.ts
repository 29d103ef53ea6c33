// Pushes order status changes to browsers over socket.io (pattern 6).
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { loadRealtimeGatewayConfig } from './realtime-gateway.config.js';

await runService({
  name: 'realtime-gateway',
  loadConfig: loadRealtimeGatewayConfig,
  appModule: (context) => AppModule.register(context),
});
