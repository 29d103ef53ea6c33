/** The state column of /proc/net/tcp for an established connection. */
const ESTABLISHED = '01';

/** 127.0.0.0/8 as /proc writes it (little-endian hex, IPv4 or IPv4-mapped IPv6), or ::1. */
const isLoopback = (hexAddress: string): boolean =>
  hexAddress === '00000000000000000000000001000000' ||
  ((hexAddress.length === 8 || hexAddress.startsWith('0000000000000000FFFF0000')) &&
    hexAddress.endsWith('7F'));

/**
 * The remote ports of the established TCP connections in a container's /proc/net/tcp and tcp6
 * (its own network namespace, so its app's connections only) to other hosts: what the app is
 * really connected to, e.g. a proxy rather than the server. Loopback is left out: the health
 * check's own request to the app is not a hop. Addresses and ports there are hexadecimal.
 */
export const establishedRemotePorts = (procNetTcp: string): Set<number> =>
  new Set(
    procNetTcp
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => /^\d+:$/.test(fields[0] ?? '') && fields[3] === ESTABLISHED)
      .map((fields) => (fields[2] ?? '').split(':'))
      .filter(([address]) => address !== undefined && !isLoopback(address))
      .map(([, port]) => Number.parseInt(port ?? '', 16))
      .filter((port) => Number.isInteger(port)),
  );
