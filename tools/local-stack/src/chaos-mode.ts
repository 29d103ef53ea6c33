import { CHAOS_PROXIES, populateChaosProxies, TOXIPROXY_URL } from '@pattern-shop/testing';

/** `CHAOS=1` turns chaos mode on, `CHAOS=0` or unset leaves it off; anything else is refused. */
export const chaosModeFrom = (value: string | undefined): boolean => {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new Error(`CHAOS must be 1 (chaos mode) or 0 (normal mode), not "${value}"`);
};

/** Creates every proxy (no toxics) and says where they are, before the apps start using them. */
export const prepareChaosMode = async (): Promise<string> => {
  await populateChaosProxies();
  const rows = CHAOS_PROXIES.map(
    (proxy) =>
      `  ${proxy.name.padEnd(36)} 127.0.0.1:${proxy.listenPort} -> 127.0.0.1:${proxy.upstreamPort}`,
  );
  return `Chaos mode: every app reaches each server and app through its Toxiproxy proxy (API ${TOXIPROXY_URL}).
${rows.join('\n')}
Put a toxic on one hop (docs/chaos.md), e.g. half a second on order-service -> inventory-service:
  curl -s -X POST ${TOXIPROXY_URL}/proxies/order-service.inventory-service/toxics \\
    -d '{"name":"slow","type":"latency","attributes":{"latency":500}}'
  curl -s -X POST ${TOXIPROXY_URL}/reset          # every toxic removed, every proxy enabled`;
};
