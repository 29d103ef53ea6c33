// The app itself, loaded by main.ts once tracing is set up.
import { runService } from '@pattern-shop/platform';
import { AppModule } from './app.module.js';
import { webApiDocument } from './openapi/web-api.document.js';
import { loadWebConfig } from './web.config.js';

await runService({
  name: 'web',
  loadConfig: loadWebConfig,
  appModule: (context) => AppModule.register(context),
  openApi: webApiDocument,
});
