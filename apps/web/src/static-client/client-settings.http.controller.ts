import { Controller, Get, Inject } from '@nestjs/common';

export const CLIENT_SETTINGS = Symbol('CLIENT_SETTINGS');

/** What the page needs to know about where things run; nothing secret. */
export type ClientSettings = Readonly<{ realtimeGatewayUrl: string }>;

/** GET /api/settings: read once by the page at start. */
@Controller('api/settings')
export class ClientSettingsHttpController {
  constructor(@Inject(CLIENT_SETTINGS) private readonly settings: ClientSettings) {}

  @Get()
  read(): ClientSettings {
    return this.settings;
  }
}
