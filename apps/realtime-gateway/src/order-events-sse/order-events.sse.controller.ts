import { Controller, Get, Headers, HttpException, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { RealtimeError } from '@pattern-shop/realtime-client';
import { SseTickets } from '../access/sse-tickets.js';
import { RealtimeMetrics } from '../realtime-metrics.js';
import { SOCKET_SETTINGS, type SocketSettings } from '../socket-server/socket-server.js';
import { SubscribeToOrderHandler } from '../subscribe-to-order/subscribe-to-order.handler.js';
import { refusal } from './refusal.js';
import { SseStream, SseStreams } from './sse-streams.js';
import { streamAccess } from './stream-access.js';

/**
 * GET /orders/:id/events: the same pushes as socket.io, as server-sent events, for clients
 * without WebSocket. Opened with a ticket (`?ticket=`, since EventSource cannot set headers) or
 * `Authorization: Bearer`; a token in the URL is refused. The stream ends with an `expired` event
 * when the token behind it expires, as a socket.io connection does. A reconnecting EventSource
 * sends `Last-Event-ID`; the current status is sent first whenever it is newer.
 */
@Controller('orders')
export class OrderEventsSseController {
  constructor(
    @Inject(SubscribeToOrderHandler) private readonly handler: SubscribeToOrderHandler,
    @Inject(SseStreams) private readonly streams: SseStreams,
    @Inject(SseTickets) private readonly tickets: SseTickets,
    @Inject(SOCKET_SETTINGS) private readonly settings: SocketSettings,
    @Inject(RealtimeMetrics) private readonly metrics: RealtimeMetrics,
  ) {}

  @Get(':id/events')
  async orderEvents(
    @Param('id') orderId: string,
    @Headers('authorization') authorization: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const { tickets, handler } = this;
    const opened = await streamAccess(orderId, authorization, query, {
      tickets,
      handler,
      tokens: this.settings.tokens,
    });
    if (!opened.ok) throw this.refused(opened.error);
    const { access, token } = opened.grant;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // proxies such as nginx would otherwise hold events back
    });
    response.write(`retry: 2000\n\n`);
    const seen = Number(lastEventId ?? 0);
    const stream = new SseStream(response, Number.isFinite(seen) ? seen : 0);
    // Listen first, then read the current status: a change after the read arrives as a push.
    this.streams.add(orderId, stream, access.expiresAt);
    const current = await handler.currentStatus(access, token, orderId);
    if (current !== undefined) stream.send(current);
  }

  private refused(error: RealtimeError): HttpException {
    this.metrics.refused(error.code);
    return refusal(error);
  }
}
