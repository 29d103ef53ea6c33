/** The state column of /proc/net/tcp for an established connection. */
const ESTABLISHED = '01';

/**
 * The remote ports of the established TCP connections in a container's /proc/net/tcp and tcp6
 * (its own network namespace, so its app's connections only): what the app is really connected
 * to, e.g. a proxy rather than the server. Addresses and ports there are hexadecimal.
 */
export const establishedRemotePorts = (procNetTcp: string): Set<number> =>
  new Set(
    procNetTcp
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => /^\d+:$/.test(fields[0] ?? '') && fields[3] === ESTABLISHED)
      .map((fields) => Number.parseInt(fields[2]?.split(':').at(-1) ?? '', 16))
      .filter((port) => Number.isInteger(port)),
  );
