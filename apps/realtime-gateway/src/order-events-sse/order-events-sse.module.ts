import { type DynamicModule, Module } from '@nestjs/common';
import { SseTickets } from '../access/sse-tickets.js';
import { SOCKET_SETTINGS, type SocketSettings } from '../socket-server/socket-server.js';
import { OrderEventsSseController } from './order-events.sse.controller.js';
import { SseStreams } from './sse-streams.js';
import { SseTicketsHttpController } from './sse-tickets.http.controller.js';

/**
 * The same subscription over Server-Sent Events, for clients that cannot hold a socket.io
 * connection, and the tickets that open a stream without a token in its URL. `subscribeToOrder`
 * is the one instance AppModule registered, so both channels share the handler, the settings
 * and the metrics.
 */
@Module({})
export class OrderEventsSseModule {
  static register(subscribeToOrder: DynamicModule, ticketTtlMs: number): DynamicModule {
    return {
      module: OrderEventsSseModule,
      imports: [subscribeToOrder],
      controllers: [OrderEventsSseController, SseTicketsHttpController],
      providers: [
        SseStreams,
        {
          provide: SseTickets,
          inject: [SOCKET_SETTINGS],
          useFactory: ({ tokens }: SocketSettings) => {
            const tickets = new SseTickets({ ttlMs: ticketTtlMs, now: tokens.now });
            // Unreferenced: forgetting old tickets never keeps the process alive.
            setInterval(() => tickets.sweep(), ticketTtlMs).unref();
            return tickets;
          },
        },
      ],
      exports: [SseStreams],
    };
  }
}
