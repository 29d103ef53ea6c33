import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES } from '@pattern-shop/contracts';
import { LOCAL_INFRA, repoRoot, stateDir, waitFor } from '@pattern-shop/testing';

/** Where the peer keeps its tables: the shared libraries' test database, in schemas of its own. */
export const PEER_DATABASE_URL = LOCAL_INFRA.postgres('pattern_shop_test', 'pattern_shop_test');

export type PeerSettings = Readonly<{ port: number; schema: string; dbosSchema: string }>;

/** The checkout peer as a real Node process from its build output, logging to `.local/logs/apps`. */
export class PeerProcess {
  private constructor(
    readonly baseUrl: string,
    private readonly child: ChildProcess,
    private readonly exited: Promise<number | null>,
    private readonly settings: PeerSettings,
  ) {}

  static start(settings: PeerSettings): PeerProcess {
    const logDir = join(stateDir(), 'logs', 'apps');
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(join(logDir, 'dbos-peer.log'), { flags: 'a' });
    const main = join(repoRoot(), 'libs', 'benchmarks', 'dist', 'dbos-peer', 'main.js');
    const child = spawn(process.execPath, [main], {
      cwd: repoRoot(),
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(settings.port),
        DATABASE_URL: PEER_DATABASE_URL,
        PAYMENT_PROVIDER_URL: `http://127.0.0.1:${SERVICES['payment-provider'].port}`,
        PEER_SCHEMA: settings.schema,
        PEER_DBOS_SCHEMA: settings.dbosSchema,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    return new PeerProcess(`http://127.0.0.1:${settings.port}`, child, exited, settings);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves once it answers /health/ready (DBOS launched, recovery started). */
  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    let gone = false;
    void this.exited.then(() => (gone = true));
    // An exit is returned, not thrown: waitFor takes a throw for "not yet" and would go on polling.
    const outcome = await waitFor(
      'the checkout peer to report ready',
      async () => {
        if (gone) return 'exited' as const;
        const response = await fetch(`${this.baseUrl}/health/ready`);
        return response.ok ? ('ready' as const) : undefined;
      },
      { timeoutMs },
    );
    if (outcome === 'exited')
      throw new Error('the checkout peer exited during start (see its log)');
  }

  /** A crash: SIGKILL, nothing flushed. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A fresh process with the same settings, as after a crash (the caller waits for readiness). */
  async restart(): Promise<PeerProcess> {
    await this.kill();
    return PeerProcess.start(this.settings);
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
