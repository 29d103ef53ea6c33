import type { VerifiedAccess } from '@pattern-shop/access-tokens';
import type { DefaultEventsMap, Server, Socket } from 'socket.io';

/** What the handshake learnt about the client, kept on its socket. */
export type ClientData = { access: VerifiedAccess; token: string };

// Event maps stay open (any name, any payload): payloads are checked where they are read.
export type GatewayServer = Server<
  DefaultEventsMap,
  DefaultEventsMap,
  DefaultEventsMap,
  ClientData
>;
export type GatewaySocket = Socket<
  DefaultEventsMap,
  DefaultEventsMap,
  DefaultEventsMap,
  ClientData
>;
