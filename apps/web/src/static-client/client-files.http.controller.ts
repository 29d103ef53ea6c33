import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ReadinessProbe } from '@pattern-shop/platform';

export const CLIENT_DIR = Symbol('CLIENT_DIR');

/** The page's own paths (client/src/routes.ts); each one answers the app, which then routes. */
const PAGE_PATHS = [
  '',
  'cart',
  'checkout',
  'orders',
  'orders/:id',
  'orders/:id/journey',
  'console',
  'account',
];

const assetName = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * Serves the built single-page app: its hashed assets (cached for good, their names change
 * with their content) and index.html for each page path, so a reload or a shared link works.
 */
@Controller()
export class ClientFilesHttpController {
  constructor(@Inject(CLIENT_DIR) private readonly clientDir: string) {}

  @Get(PAGE_PATHS)
  page(@Res() response: Response): void {
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile('index.html', { root: this.clientDir });
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    if (!assetName.test(file)) throw new NotFoundException({ message: `no asset ${file}` });
    response.sendFile(
      file,
      { root: join(this.clientDir, 'assets'), immutable: true, maxAge: '365d' },
      (error) => {
        if (error !== undefined && !response.headersSent) {
          response
            .status(404)
            .type('application/problem+json')
            .send(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
        }
      },
    );
  }
}

/** Ready once the page is built: an app without it would serve only its API. */
export const clientBuiltProbe = (clientDir: string): ReadinessProbe => ({
  name: 'web-client',
  check: async () => {
    await access(join(clientDir, 'index.html')).catch(() => {
      throw new Error(`${clientDir}/index.html is missing: run npm run build`);
    });
  },
});
