import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from '@pattern-shop/platform';
import type { RealtimeError } from '@pattern-shop/realtime-client';
import { SseTickets } from '../access/sse-tickets.js';
import { bearerToken, checkAccessToken } from '../access/token-access.js';
import { RealtimeMetrics } from '../realtime-metrics.js';
import { SOCKET_SETTINGS, type SocketSettings } from '../socket-server/socket-server.js';
import { SubscribeToOrderHandler } from '../subscribe-to-order/subscribe-to-order.handler.js';
import { refusal } from './refusal.js';

export const sseTicketRequest = z.strictObject({ orderId: z.uuid() });

/**
 * POST /sse-tickets: trades `Authorization: Bearer <token>` for a ticket that opens one SSE
 * stream of one order, so the token never goes into a URL. The same rule as the stream itself
 * decides (handler.authorize); the token is checked before the body is read.
 */
@Controller('sse-tickets')
export class SseTicketsHttpController {
  constructor(
    @Inject(SubscribeToOrderHandler) private readonly handler: SubscribeToOrderHandler,
    @Inject(SseTickets) private readonly tickets: SseTickets,
    @Inject(SOCKET_SETTINGS) private readonly settings: SocketSettings,
    @Inject(RealtimeMetrics) private readonly metrics: RealtimeMetrics,
  ) {}

  @Post()
  @HttpCode(201)
  async issue(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<{ ticket: string; expiresAt: string }> {
    const check = checkAccessToken(bearerToken(authorization), this.settings.tokens);
    if (!check.ok) throw this.refused(check.error);
    const { orderId } = new ZodValidationPipe(sseTicketRequest).transform(body);
    const { access, token } = check;
    const answer = await this.handler.authorize(access, token, orderId, { currentStatus: false });
    if (!answer.ok) throw this.refused(answer.error);
    const { ticket, expiresAt } = this.tickets.issue({ orderId, access, token });
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  private refused(error: RealtimeError) {
    this.metrics.refused(error.code);
    return refusal(error);
  }
}
