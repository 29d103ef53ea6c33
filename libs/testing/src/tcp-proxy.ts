import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy a test can break in the ways networks break:
 * - `cut()`: drop every connection and refuse new ones (the server died);
 * - `stall()`: accept connections but pass nothing on (the server hangs), `resume()` undoes it.
 * Toxiproxy does the same with more knobs; this one needs no server.
 */
export type TcpProxy = Readonly<{
  port: number;
  cut: () => Promise<void>;
  stall: () => void;
  resume: () => void;
}>;

export const startTcpProxy = async (
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<TcpProxy> => {
  const sockets = new Set<Socket>();
  let stalled = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (stalled) return; // held open, never answered: what a hung server looks like to a client
    const upstream = createConnection({ host: targetHost, port: targetPort });
    track(upstream);
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
    stall: () => {
      stalled = true;
      sockets.forEach((socket) => socket.destroy()); // pooled keep-alive connections too
    },
    resume: () => {
      stalled = false;
      sockets.forEach((socket) => socket.destroy());
    },
  };
};
