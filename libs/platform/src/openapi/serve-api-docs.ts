import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

// Where swagger-ui-dist keeps its files; resolved, not imported, so a start loads none of them.
const swaggerUiFiles = dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);

// swagger-ui-dist's index.html loads this file; ours points it at the service's own document.
const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/docs-json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/**
 * The OpenAPI document at /docs-json and Swagger UI at /docs. The document is written by hand
 * (no decorators), so this needs only swagger-ui-dist's files, not @nestjs/swagger, whose import
 * alone cost each start about a quarter of a second of CPU.
 */
export const serveApiDocs = (app: NestExpressApplication, document: object): void => {
  const server = app.getHttpAdapter().getInstance();
  const body = JSON.stringify(document);
  server.get('/docs-json', (_request, response) => {
    response.type('application/json').send(body);
  });
  server.get('/docs/swagger-initializer.js', (_request, response) => {
    response.type('application/javascript').send(INITIALIZER);
  });
  // Registered after the initializer route, so ours wins; /docs redirects to /docs/.
  app.useStaticAssets(swaggerUiFiles, { prefix: '/docs', index: 'index.html' });
};
