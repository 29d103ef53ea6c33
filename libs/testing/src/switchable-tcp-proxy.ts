import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A loopback TCP proxy whose target can go away and come back on the same port, which is what a
 * client sees when a broker restarts: `cut()` drops every open connection and turns new ones away
 * (accepted, then closed at once), `restore()` lets them through again, `close()` ends it.
 * `startTcpProxy` is the one-way version: once cut it stays cut.
 */
export type SwitchableTcpProxy = Readonly<{
  port: number;
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
}>;

export const startSwitchableTcpProxy = async (
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<SwitchableTcpProxy> => {
  let passing = true;
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (!passing) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: targetHost, port: targetPort });
    track(upstream);
    upstream.once('close', () => client.destroy());
    client.once('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP port');
  const dropAll = (): void => sockets.forEach((socket) => socket.destroy());
  return {
    port: address.port,
    cut: () => {
      passing = false;
      dropAll();
    },
    restore: () => {
      passing = true;
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      dropAll();
      await closed;
    },
  };
};
