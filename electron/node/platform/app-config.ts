import { GatewayError } from '../../core/gateway-error';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** Everything the CLI and the app need to find the stack, resolved once from the environment. */
export interface AppConfig {
  appRoot: string;
  dataDir: string;
  composeFiles: string[];
  project: string;
  litellmUrl: string;
  /** From HAGW_LITELLM_MASTER_KEY; otherwise read lazily from the stack's .env (never logged). */
  masterKeyOverride: string | null;
  vllmUrl: string;
  /** Ollama's API on this machine (HAGW_OLLAMA_URL), published on 127.0.0.1 by the stack. */
  ollamaUrl: string;
  nvidiaSmi: string | null;
  gatewayUrl: string | null;
  dockerHost: string | null;
  envFile: string;
  /** How often the supervisor evaluates the alerts (HAGW_ALERT_TICK_MS, 15 s). */
  alertTickMs: number;
  /** The batch service's own port, for the operator's views (HAGW_BATCH_URL). */
  batchUrl: string;
  /** The wake service (HAGW_WAKER_URL): the models' lifecycle, on 127.0.0.1:4200. */
  wakerUrl: string;
}

/** A whole number of milliseconds in range, or the one line that says what is accepted. */
const tickMs = (v: string | null): number => {
  if (v === null) return 15_000;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 100 || n > 600_000)
    throw new GatewayError(
      'BAD_INPUT',
      `HAGW_ALERT_TICK_MS must be whole milliseconds from 100 to 600000; got "${v}"`,
    );
  return n;
};

const defaultDataDir = (env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string => {
  if (platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'homelab-ai-gateway');
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'homelab-ai-gateway');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'homelab-ai-gateway');
};

const nonEmpty = (v: string | undefined): string | null =>
  v !== undefined && v.trim() !== '' ? v.trim() : null;

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export const resolveConfig = (
  appRoot: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): AppConfig => {
  const dataDir = resolve(nonEmpty(env.HAGW_DATA_DIR) ?? defaultDataDir(env, platform));
  // DESIGN.md: ':'-separated; on Windows compose itself uses ';', so accept the platform delimiter too.
  const files = (nonEmpty(env.HAGW_COMPOSE_FILE) ?? join(appRoot, 'compose', 'docker-compose.yml'))
    .split(platform === 'win32' ? delimiter : ':')
    .filter((f) => f !== '')
    .map((f) => (isAbsolute(f) ? f : resolve(f)));
  return {
    appRoot,
    dataDir,
    composeFiles: files,
    project: nonEmpty(env.HAGW_COMPOSE_PROJECT) ?? 'hagw',
    litellmUrl: trimSlash(nonEmpty(env.HAGW_LITELLM_URL) ?? 'http://127.0.0.1:4000'),
    masterKeyOverride: nonEmpty(env.HAGW_LITELLM_MASTER_KEY),
    vllmUrl: trimSlash(nonEmpty(env.HAGW_VLLM_URL) ?? 'http://127.0.0.1:8000'),
    ollamaUrl: trimSlash(nonEmpty(env.HAGW_OLLAMA_URL) ?? 'http://127.0.0.1:11434'),
    nvidiaSmi: nonEmpty(env.HAGW_NVIDIA_SMI),
    gatewayUrl: nonEmpty(env.HAGW_GATEWAY_URL),
    dockerHost: nonEmpty(env.DOCKER_HOST),
    envFile: join(dataDir, '.env'),
    alertTickMs: tickMs(nonEmpty(env.HAGW_ALERT_TICK_MS)),
    batchUrl: trimSlash(nonEmpty(env.HAGW_BATCH_URL) ?? 'http://127.0.0.1:4100'),
    wakerUrl: trimSlash(nonEmpty(env.HAGW_WAKER_URL) ?? 'http://127.0.0.1:4200'),
  };
};
