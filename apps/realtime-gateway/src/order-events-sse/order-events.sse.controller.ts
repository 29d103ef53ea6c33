import { Controller, Get, Headers, HttpException, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { RealtimeError } from '@pattern-shop/realtime-client';
import { bearerToken, checkAccessToken } from '../access/token-access.js';
import { RealtimeMetrics } from '../realtime-metrics.js';
import { SOCKET_SETTINGS, type SocketSettings } from '../socket-server/socket-server.js';
import { SubscribeToOrderHandler } from '../subscribe-to-order/subscribe-to-order.handler.js';
import { SseStream, SseStreams } from './sse-streams.js';

const HTTP_STATUS_OF: Record<RealtimeError['code'], number> = {
  'invalid-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  unavailable: 503,
};

const refusal = ({ code, message }: RealtimeError) =>
  new HttpException(
    { error: code, type: `https://pattern-shop.dev/problems/${code}`, message },
    HTTP_STATUS_OF[code],
  );

/**
 * GET /orders/:id/events: the same pushes as socket.io, as server-sent events, for clients
 * without WebSocket. Same tokens (`Authorization: Bearer`, or `?access_token=` since EventSource
 * cannot set headers), same rule. A reconnecting EventSource sends `Last-Event-ID`; the current
 * status is sent first whenever it is newer, so nothing missed in between stays missed.
 */
@Controller('orders')
export class OrderEventsSseController {
  constructor(
    @Inject(SubscribeToOrderHandler) private readonly handler: SubscribeToOrderHandler,
    @Inject(SseStreams) private readonly streams: SseStreams,
    @Inject(SOCKET_SETTINGS) private readonly settings: SocketSettings,
    @Inject(RealtimeMetrics) private readonly metrics: RealtimeMetrics,
  ) {}

  @Get(':id/events')
  async orderEvents(
    @Param('id') orderId: string,
    @Headers('authorization') authorization: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('access_token') queryToken: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const check = checkAccessToken(bearerToken(authorization, queryToken), this.settings.tokens);
    if (!check.ok) throw this.refused(check.error);
    const { access, token } = check;
    const answer = await this.handler.authorize(access, token, orderId, { currentStatus: false });
    if (!answer.ok) throw this.refused(answer.error);
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
    this.streams.add(orderId, stream);
    const current = await this.handler.currentStatus(access, token, orderId);
    if (current !== undefined) stream.send(current);
  }

  private refused(error: RealtimeError): HttpException {
    this.metrics.refused(error.code);
    return refusal(error);
  }
}
