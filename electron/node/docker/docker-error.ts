import { GatewayError } from '../../core/gateway-error';

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** Turns what dockerode throws into one line that says what to do. */
export const dockerError = (e: unknown, endpoint: string): GatewayError => {
  if (e instanceof GatewayError) return e;
  const err = e as NodeJS.ErrnoException & { statusCode?: number; json?: { message?: string } };
  if (err.code === 'EACCES') {
    return new GatewayError(
      'DOCKER_UNAVAILABLE',
      `Permission denied on ${endpoint}; add your user to the "docker" group (sudo usermod -aG docker $USER) and log in again.`,
    );
  }
  if (err.code !== undefined && unreachableCodes.has(err.code)) {
    return new GatewayError(
      'DOCKER_UNAVAILABLE',
      `No Docker engine answers at ${endpoint} (${err.code}); start Docker (sudo systemctl start docker) or set DOCKER_HOST.`,
    );
  }
  const msg = err.json?.message ?? err.message ?? String(e);
  return new GatewayError('DOCKER_ERROR', `Docker said: ${msg.split('\n')[0]}`);
};

export const dockerEndpoint = (dockerHost: string | null): string =>
  dockerHost ??
  (process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : '/var/run/docker.sock');
