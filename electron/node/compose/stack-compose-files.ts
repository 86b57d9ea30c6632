import { dirname, join } from 'node:path';
import { tlsModeOf, tlsOverlay } from '../../core/tls-mode';

/**
 * The compose files hagw runs the stack with: the configured ones, plus the overlay the stack's
 * .env asks for (HAGW_TLS=dns-cloudflare adds caddy/dns-cloudflare.yml, which builds Caddy with
 * the DNS module). Compose's own COMPOSE_FILE cannot do this: hagw always passes -f.
 */
export const stackComposeFiles = (
  files: readonly string[],
  stackEnv: Readonly<Record<string, string | undefined>>,
): string[] => {
  const overlay = tlsOverlay(tlsModeOf(stackEnv));
  if (overlay === null || files.length === 0) return [...files];
  const path = join(dirname(files[0]!), overlay);
  return files.includes(path) ? [...files] : [...files, path];
};
