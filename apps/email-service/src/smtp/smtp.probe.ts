import { createConnection } from 'node:net';

/**
 * Readiness of the SMTP server: it accepts a connection and greets with `220`.
 * A bare greeting check, so the probe sends no mail and needs no credentials.
 */
export const smtpProbe = (host: string, port: number) => ({
  name: 'smtp',
  check: (signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const socket = createConnection({ host, port, signal });
      socket.once('data', (greeting) => {
        socket.end('QUIT\r\n');
        const line = greeting.toString('latin1');
        if (line.startsWith('220')) resolve();
        else reject(new Error(`SMTP server at ${host}:${port} greeted with "${line.trim()}"`));
      });
      socket.once('error', (error) =>
        reject(new Error(`SMTP server at ${host}:${port}: ${error.message}`)),
      );
    }),
});
