import { request } from 'node:http';

/**
 * A GET to the Docker Engine API, for the calls `hagw status` makes on every run (list the
 * project's containers, inspect each): plain node:http over the daemon's socket, so a quick
 * command does not load dockerode (docker-modem, ssh2, protobufjs). Errors look like dockerode's
 * (`code` from the socket, `statusCode` and `json` from the daemon), so dockerError reads both.
 */
export type DockerGet = <T>(path: string) => Promise<T>;

/** Where DOCKER_HOST points: a socket path, or host and port (tcp:// is plain HTTP, as dockerode). */
const target = (
  dockerHost: string | null,
): { socketPath: string } | { host: string; port: number } => {
  if (!dockerHost) return { socketPath: '/var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('npipe://')) return { socketPath: dockerHost.slice('npipe://'.length) };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375) };
};

/** The daemon's answer to a GET, as bytes: an error status is thrown as dockerode would. */
const getBytes = (dockerHost: string | null, timeoutMs: number, path: string) =>
  new Promise<Buffer>((resolve, reject) => {
    const req = request(
      {
        ...target(dockerHost),
        path,
        method: 'GET',
        headers: { host: 'docker' },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          if ((res.statusCode ?? 500) < 300) return resolve(body);
          let json: unknown = null;
          try {
            json = JSON.parse(body.toString('utf8'));
          } catch {
            // an answer that is not JSON: its text is the message
          }
          const message = (json as { message?: string } | null)?.message ?? body.toString('utf8');
          const err = new Error(message) as Error & { statusCode?: number; json?: unknown };
          err.statusCode = res.statusCode;
          err.json = json ?? { message };
          reject(err);
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end();
  });

export const dockerGet =
  (dockerHost: string | null, timeoutMs = 10_000): DockerGet =>
  async <T>(path: string) => {
    const text = (await getBytes(dockerHost, timeoutMs, path)).toString('utf8');
    try {
      return JSON.parse(text) as T;
    } catch {
      return null as T; // a success that is not JSON (none of the calls made here answer so)
    }
  };

/**
 * The same GET, the answer as bytes: a container's log tail (multiplexed frames, or raw text
 * from a TTY container), which `hagw status` reads for a failed service.
 */
export const dockerGetBytes =
  (dockerHost: string | null, timeoutMs = 10_000) =>
  (path: string): Promise<Buffer> =>
    getBytes(dockerHost, timeoutMs, path);
