import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy a test can cut: clients connect to `port`, traffic goes to the target.
 * `cut()` drops every open connection and refuses new ones, which is what a client sees when
 * the server behind it dies. (Toxiproxy does the same with more knobs; this needs no server.)
 */
export type TcpProxy = Readonly<{ port: number; cut: () => Promise<void> }>;

export const startTcpProxy = async (
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<TcpProxy> => {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: targetHost, port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP port');
  return {
    port: address.port,
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      await closed;
    },
  };
};
