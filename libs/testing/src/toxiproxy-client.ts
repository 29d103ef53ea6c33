import { TOXIPROXY_URL, toxiproxyConfig } from './chaos-proxies.js';

export type ProxyConfig = Readonly<{
  name: string;
  listen: string;
  upstream: string;
  enabled?: boolean;
}>;

type Stream = 'upstream' | 'downstream';
type Common = Readonly<{ name?: string; stream?: Stream; toxicity?: number }>;

/**
 * The toxics Toxiproxy 2.12 ships, with their attributes (times in ms, rate in KB/s). To cut a
 * link altogether, disable the proxy instead (`setEnabled(name, false)`): that is Toxiproxy's "down".
 */
export type ToxicSpec = Common &
  (
    | { type: 'latency'; attributes: { latency: number; jitter?: number } }
    | { type: 'bandwidth'; attributes: { rate: number } }
    | { type: 'slow_close'; attributes: { delay: number } }
    | { type: 'timeout'; attributes: { timeout: number } }
    | { type: 'reset_peer'; attributes: { timeout: number } }
    | { type: 'limit_data'; attributes: { bytes: number } }
    | {
        type: 'slicer';
        attributes: { average_size: number; size_variation?: number; delay?: number };
      }
  );

export type Toxic = Readonly<{
  name: string;
  type: ToxicSpec['type'];
  stream: Stream;
  toxicity: number;
  attributes: Record<string, number>;
}>;

export type ProxyState = Readonly<{
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: Toxic[];
}>;

/**
 * A typed client of Toxiproxy's HTTP API over plain fetch (why no library: docs/architecture.md).
 * Every failure names the request and Toxiproxy's own reason, e.g. `proxy not found`.
 */
export class ToxiproxyClient {
  constructor(readonly baseUrl: string = TOXIPROXY_URL) {}

  async version(): Promise<string> {
    return (await this.call<{ version: string }>('GET', '/version')).version;
  }

  /** Creates the proxies, or replaces those whose addresses changed; the others are kept. */
  async populate(proxies: readonly ProxyConfig[]): Promise<ProxyState[]> {
    return (await this.call<{ proxies: ProxyState[] }>('POST', '/populate', proxies)).proxies;
  }

  createProxy(proxy: ProxyConfig): Promise<ProxyState> {
    return this.call('POST', '/proxies', proxy);
  }

  /** Every proxy by name, each with its active toxics. */
  listProxies(): Promise<Record<string, ProxyState>> {
    return this.call('GET', '/proxies');
  }

  proxy(name: string): Promise<ProxyState> {
    return this.call('GET', `/proxies/${encodeURIComponent(name)}`);
  }

  async deleteProxy(name: string): Promise<void> {
    await this.call('DELETE', `/proxies/${encodeURIComponent(name)}`);
  }

  /** A disabled proxy closes its connections and refuses new ones: the link is cut. */
  setEnabled(name: string, enabled: boolean): Promise<ProxyState> {
    return this.call('POST', `/proxies/${encodeURIComponent(name)}`, { enabled });
  }

  addToxic(proxy: string, toxic: ToxicSpec): Promise<Toxic> {
    return this.call('POST', `/proxies/${encodeURIComponent(proxy)}/toxics`, {
      stream: 'downstream',
      toxicity: 1,
      ...toxic,
    });
  }

  /**
   * Changes a toxic in place. At toxicity 0 it acts on no connection; unlike a removal, which
   * closes every connection a `timeout` toxic held, it closes none.
   */
  updateToxic(
    proxy: string,
    toxic: string,
    change: Readonly<{ toxicity?: number; attributes?: Record<string, number> }>,
  ): Promise<Toxic> {
    const path = `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`;
    return this.call('POST', path, change);
  }

  async removeToxic(proxy: string, toxic: string): Promise<void> {
    const path = `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`;
    await this.call('DELETE', path);
  }

  /** Every proxy enabled again and every toxic removed: the end of any fault. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      throw new Error(
        `Toxiproxy is not reachable at ${this.baseUrl} (${method} ${path}: ${String(error)}); start it with infra/local/up toxiproxy`,
        { cause: error },
      );
    }
    const text = await response.text();
    if (!response.ok) {
      const reason = text.startsWith('{') ? (JSON.parse(text) as { error?: string }).error : text;
      throw new Error(`Toxiproxy ${method} ${path}: ${response.status} ${reason ?? ''}`.trim());
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

/** Creates (or keeps) every proxy of chaos mode on the native stack, with no toxics on them. */
export const populateChaosProxies = async (
  client: ToxiproxyClient = new ToxiproxyClient(),
): Promise<ProxyState[]> => {
  const proxies = await client.populate(toxiproxyConfig());
  await client.reset();
  return proxies;
};
