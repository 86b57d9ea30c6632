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

export const dockerGet =
  (dockerHost: string | null, timeoutMs = 10_000): DockerGet =>
  <T>(path: string) =>
    new Promise<T>((resolve, reject) => {
      const req = request(
        {
          ...target(dockerHost),
          path,
          method: 'GET',
          headers: { host: 'docker' },
          timeout: timeoutMs,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => {
            let json: unknown = null;
            try {
              json = JSON.parse(body);
            } catch {
              // an answer that is not JSON: its text is the message
            }
            if ((res.statusCode ?? 500) < 300) return resolve(json as T);
            const message = (json as { message?: string } | null)?.message ?? body;
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
