import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './fixtures';
import { freePort } from './free-port';
import { rawRequest } from './raw-http';
import { waitForAsync } from './wait';

export interface RunningCaddy {
  /** The tunnels' plain-HTTP door. */
  edgePort: number;
  /** The LAN site (TLS, Caddy's internal CA). */
  httpsPort: number;
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Debian's caddy with the bundled compose/caddy/Caddyfile, bound to 127.0.0.1 on ports the OS
 * picks, in front of `upstream` (LiteLLM) and `batchUpstream`; ready once both doors answer
 * /health/liveliness.
 */
export const startCaddy = async (o: {
  site: string;
  upstream: string;
  batchUpstream: string;
}): Promise<RunningCaddy> => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-caddy-'));
  const edgePort = await freePort();
  const httpsPort = await freePort();
  let log = '';
  const caddy: ChildProcess = spawn(
    'caddy',
    ['run', '--config', join(repoRoot, 'compose', 'caddy', 'Caddyfile'), '--adapter', 'caddyfile'],
    {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        XDG_DATA_HOME: join(dir, 'data'),
        XDG_CONFIG_HOME: join(dir, 'config'),
        HAGW_SITE_ADDRESS: o.site,
        HAGW_CADDY_BIND: '127.0.0.1',
        HAGW_HTTP_PORT: String(await freePort()),
        HAGW_HTTPS_PORT: String(httpsPort),
        HAGW_EDGE_PORT: String(edgePort),
        HAGW_CADDY_ADMIN: `localhost:${await freePort()}`,
        HAGW_CADDY_METRICS: `127.0.0.1:${await freePort()}`,
        HAGW_UPSTREAM: o.upstream,
        HAGW_BATCH_UPSTREAM: o.batchUpstream,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  caddy.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  caddy.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((r) => caddy.once('exit', () => r()));
  const stop = async () => {
    caddy.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const live = async (port: number, servername?: string) =>
    (
      await rawRequest({ port, target: '/health/liveliness', host: o.site, servername }).catch(
        () => null,
      )
    )?.status === 200;
  await waitForAsync(
    async () => (await live(edgePort)) && (await live(httpsPort, o.site)),
    "Caddy's two doors to answer /health/liveliness",
    30_000,
  ).catch(async (e: Error) => {
    await stop();
    throw new Error(`${e.message}; Caddy's log:\n${log.slice(-2000)}`);
  });
  return { edgePort, httpsPort, log: () => log, stop };
};
