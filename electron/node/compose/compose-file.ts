import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { GatewayError } from '../../core/gateway-error';
import type { ComposeModel } from '../../core/ports';

type Services = Record<string, { profiles?: unknown; image?: unknown } | null>;

const readOne = async (file: string): Promise<Services> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'not found'
        : code === 'EACCES'
          ? 'not readable (permission denied)'
          : (code ?? 'unreadable');
    throw new GatewayError(
      'COMPOSE_FILE',
      `Compose file ${file} is ${why}; set HAGW_COMPOSE_FILE to the stack's docker-compose.yml.`,
    );
  }
  // merge: true understands the `<<: *anchor` keys that compose files use for shared blocks.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { merge: true, prettyErrors: false, lineCounter });
  const err = doc.errors[0];
  if (err) {
    const where = ` at line ${lineCounter.linePos(err.pos[0]).line}`;
    throw new GatewayError(
      'COMPOSE_FILE',
      `Compose file ${file} is not valid YAML${where}: ${err.message.split('\n')[0]}; fix the file and retry.`,
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new GatewayError(
      'COMPOSE_FILE',
      `Compose file ${file} has no top-level mapping; it must define "services:".`,
    );
  }
  const services = (data as { services?: unknown }).services;
  if (services === undefined) return {};
  if (services === null || typeof services !== 'object' || Array.isArray(services)) {
    throw new GatewayError(
      'COMPOSE_FILE',
      `Compose file ${file}: "services" must be a mapping of service names.`,
    );
  }
  return services as Services;
};

const profilesOf = (svc: { profiles?: unknown } | null): string[] =>
  Array.isArray(svc?.profiles)
    ? svc.profiles.filter((p): p is string => typeof p === 'string')
    : [];

/**
 * Which services compose will start: those without profiles plus those in an active profile.
 * Later files extend earlier ones, as `-f a -f b` does.
 */
export const loadComposeModel = async (
  files: readonly string[],
  activeProfiles: readonly string[] = [],
): Promise<ComposeModel> => {
  if (files.length === 0)
    throw new GatewayError('COMPOSE_FILE', 'No compose file configured; set HAGW_COMPOSE_FILE.');
  const merged = new Map<string, string[]>();
  for (const f of files) {
    for (const [name, svc] of Object.entries(await readOne(f))) {
      const p = profilesOf(svc);
      merged.set(name, p.length > 0 || !merged.has(name) ? p : (merged.get(name) ?? []));
    }
  }
  const active = new Set(activeProfiles);
  const services = [...merged.entries()]
    .filter(([, p]) => p.length === 0 || p.some((x) => active.has(x)))
    .map(([name, profiles]) => ({ name, profiles }));
  return { files: [...files], services };
};

/** The services of all files as written (uninterpolated), later files overriding earlier keys. */
export const readComposeServices = async (files: readonly string[]): Promise<Services> => {
  const merged: Services = {};
  for (const f of files) {
    for (const [name, svc] of Object.entries(await readOne(f)))
      merged[name] = { ...(merged[name] ?? {}), ...(svc ?? {}) };
  }
  return merged;
};

export const profilesFromEnv = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
