import { access, constants, readFile, stat } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import type { DockerHandle } from '../docker/docker-client';
import { LineCounter, parseDocument } from 'yaml';
import { auditServices } from '../../core/compose-audit';
import { type DoctorFinding, runDoctorRules } from '../../core/doctor-rules';
import type { ProcessRunner } from '../../core/ports';
import type { AppConfig } from '../platform/app-config';
import { readFileIfExists } from '../storage/atomic-file';
import { dotenvValues } from '../compose/dotenv-file';
import { mountedFile } from '../compose/compose-mounts';
import { freeDiskAt } from '../docker/disk-space';
import { auditRetentionDays } from '../../core/audit-calls';
import { projectGrowth, type SpendLogGrowth } from '../../core/spend-log-growth';
import type { SettingsFile } from '../storage/settings-file';
import { readTunnelIngress } from '../compose/tunnel-ingress';
import { advisoryFindings } from '../../core/advisory-findings';
import { currentImages, imageVariables } from '../../core/image-pins';
import { checkAdvisories } from './advisory-check';
import { readComposeServices } from '../compose/compose-file';
import { defaultOsvUrl } from './osv-client';

type Raw = Record<string, unknown>;

const unreadable = (
  file: string,
  why: string,
  severity: DoctorFinding['severity'] = 'warning',
): DoctorFinding => ({
  id: `unreadable:${file}`,
  severity,
  service: null,
  message: `${file} could not be audited: ${why}.`,
  fix: `Fix ${file} (or point --compose at the right file) and run hagw doctor again.`,
});

/** Configuration files are small: a device (/dev/zero), a folder or a huge file is refused. */
const maxConfigBytes = 4 * 1024 * 1024;

/** A configuration file's text, or why it cannot be one. */
export const readConfigFile = async (file: string): Promise<{ text: string } | { why: string }> => {
  try {
    const s = await stat(file);
    if (s.isDirectory()) return { why: 'it is a folder, not a file' };
    if (!s.isFile()) return { why: 'it is not a regular file' };
    if (s.size > maxConfigBytes) return { why: 'it is larger than 4 MB' };
    return { text: await readFile(file, 'utf8') };
  } catch (e) {
    return {
      why:
        (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : 'it is not readable',
    };
  }
};

const parseYaml = async (
  file: string,
  severity: DoctorFinding['severity'] = 'warning',
): Promise<{ doc: Raw | null; finding: DoctorFinding | null }> => {
  const read = await readConfigFile(file);
  if ('why' in read) return { doc: null, finding: unreadable(file, read.why, severity) };
  const { text } = read;
  const lineCounter = new LineCounter();
  const d = parseDocument(text, { merge: true, lineCounter });
  const err = d.errors[0];
  if (err)
    return {
      doc: null,
      finding: unreadable(
        file,
        `invalid YAML at line ${lineCounter.linePos(err.pos[0]).line}`,
        severity,
      ),
    };
  const doc = d.toJS({ maxAliasCount: 1000 }) as unknown;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    return { doc: null, finding: unreadable(file, 'it is not a mapping', severity) };
  return { doc: doc as Raw, finding: null };
};

/** A Caddyfile the doctor can read: balanced braces. Anything else is reported, not guessed at. */
const caddyfileProblem = (text: string): string | null => {
  let depth = 0;
  for (const line of text.split('\n')) {
    const l = line.replace(/#.*/, '');
    for (const ch of l) {
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      if (depth < 0) return 'a "}" closes a block that was never opened';
    }
  }
  return depth === 0 ? null : 'a "{" block is never closed';
};

const onPath = async (name: string): Promise<boolean> => {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    try {
      await access(join(d, name), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
};

/** Rotation set for every container in /etc/docker/daemon.json ("log-opts": {"max-size"}). */
const daemonLogRotation = async (): Promise<string | null> => {
  const text = await readFileIfExists('/etc/docker/daemon.json');
  try {
    return text
      ? ((JSON.parse(text) as { 'log-opts'?: { 'max-size'?: string } })['log-opts']?.['max-size'] ??
          null)
      : null;
  } catch {
    return null;
  }
};

export interface DoctorDeps {
  config: AppConfig;
  docker: DockerHandle;
  runner: ProcessRunner;
  settings: SettingsFile;
  env: NodeJS.ProcessEnv;
  now?: () => number;
  /** false: advisories from the last answer OSV gave (advisories.json); nothing is sent. */
  askOsv?: boolean;
  /** The spend-log table's rows, size and last week's rows (null: the database did not answer). */
  spendLogFacts?: () => Promise<{ rows: number; bytes: number; rowsLast7Days: number }>;
}

/**
 * The .env compose itself reads for these files: `--env-file` when given, else the project
 * directory's (the first file's folder). The bundled stack passes the data directory's.
 */
export const composeEnvFile = (composeFiles: readonly string[], envFile?: string): string =>
  envFile ?? join(dirname(composeFiles[0] ?? '.'), '.env');

/**
 * The audit trail's steady-state size against the free disk where Docker keeps the volume; null
 * while the stack is down. The doctor's finding and the dashboard's growth line both read this.
 */
export const spendLogGrowth = async (
  d: Pick<DoctorDeps, 'spendLogFacts'>,
  dockerRoot: string,
): Promise<SpendLogGrowth | null> => {
  const facts = await d.spendLogFacts?.().catch(() => null);
  return facts ? projectGrowth(facts, auditRetentionDays, await freeDiskAt(dockerRoot)) : null;
};

/**
 * What OSV says of each image these compose files run (the .env's pins and their source tags). Off
 * in settings.json ("advisoryCheck": false): one info line says so, and nothing is sent.
 */
const advisories = async (
  d: DoctorDeps,
  composeFiles: readonly string[],
  stackEnv: Record<string, string>,
  enabled: boolean,
): Promise<DoctorFinding[]> => {
  if (!enabled)
    return [
      {
        id: 'advisories:off',
        severity: 'info',
        service: null,
        message: 'The advisory check is off: the pinned images are not compared with OSV.',
        fix: 'Remove "advisoryCheck": false from settings.json in the data directory to turn it on.',
      },
    ];
  const services = await readComposeServices([...composeFiles]).catch(() => null);
  if (!services) return [];
  const images = currentImages(imageVariables(services), stackEnv);
  return advisoryFindings(
    await checkAdvisories(images, {
      dataDir: d.config.dataDir,
      osvUrl: d.env.HAGW_OSV_URL || defaultOsvUrl,
      ask: d.askOsv !== false,
      now: () => new Date(d.now?.() ?? Date.now()),
      warn: (l) => process.stderr.write(`${l}\n`),
    }),
  );
};

export const runDoctor = async (
  d: DoctorDeps,
  composeFiles: readonly string[],
  envFile: string = d.config.envFile,
  /** critical for `hagw doctor --compose FILE`: the file asked for could not be audited. */
  unreadableCompose: DoctorFinding['severity'] = 'warning',
): Promise<DoctorFinding[]> => {
  const extra: DoctorFinding[] = [];
  const docs: Raw[] = [];
  for (const f of composeFiles) {
    // A compose file asked for that cannot be read leaves nothing audited: critical for --compose,
    // so a cron job sees it.
    const r = await parseYaml(f, unreadableCompose);
    if (r.finding) extra.push(r.finding);
    if (r.doc) docs.push(r.doc);
  }
  const envText = await readFileIfExists(envFile);
  const stackEnv = envText === null ? {} : dotenvValues(envText);
  const services = auditServices(docs, { ...stackEnv, ...d.env });
  const first = docs[0] ?? null;
  const composeDir = dirname(composeFiles[0] ?? '.');
  const caddyFile = mountedFile(first, 'caddy', '/etc/caddy/Caddyfile', composeDir);
  const caddyRead = caddyFile ? await readConfigFile(caddyFile) : null;
  const caddyText = caddyRead && 'text' in caddyRead ? caddyRead.text : null;
  if (caddyFile && caddyRead && 'why' in caddyRead)
    extra.push(unreadable(caddyFile, caddyRead.why));
  const caddyProblem = caddyText === null ? null : caddyfileProblem(caddyText);
  if (caddyFile && caddyProblem)
    extra.push(
      unreadable(caddyFile, `the Caddyfile parser does not understand it (${caddyProblem})`),
    );
  const tunnels = await readTunnelIngress(first, composeDir);
  const litellmFile = mountedFile(first, 'litellm', '/app/config.yaml', composeDir);
  const litellm = litellmFile ? await parseYaml(litellmFile) : null;
  if (litellm?.finding) extra.push(litellm.finding);
  const lokiFile = mountedFile(first, 'loki', '/etc/loki/config.yaml', composeDir);
  const loki = lokiFile ? await parseYaml(lokiFile) : null;
  if (loki?.finding) extra.push(loki.finding);

  const [gpu, info, df] = await Promise.all([
    d.runner.run(d.config.nvidiaSmi ?? 'nvidia-smi', ['-L'], { timeoutMs: 10_000, env: d.env }),
    d
      .docker()
      .then((c) => c.info())
      .catch(() => null) as Promise<{
      Runtimes?: Record<string, unknown>;
      DockerRootDir?: string;
    } | null>,
    d
      .docker()
      .then((c) => c.df())
      .catch(() => null) as Promise<{
      Volumes?: { Name: string; UsageData?: { Size?: number } }[];
    } | null>,
  ]);
  const dbVolume =
    df?.Volumes?.find((v) => v.Name === `${d.config.project}_postgres`)?.UsageData?.Size ?? null;
  const now = d.now?.() ?? Date.now();
  // Growth needs the size seen at an earlier run: remembered in settings.json.
  let growth: number | null = null;
  if (dbVolume !== null && dbVolume >= 0) {
    const saved = await d.settings.update((s) => ({
      ...s,
      doctor: {
        dbVolume: { bytes: dbVolume, at: now },
        previous: (s.doctor as { dbVolume?: unknown } | undefined)?.dbVolume ?? null,
      },
    }));
    const prev = (saved.doctor as { previous?: { bytes: number; at: number } | null }).previous;
    if (prev && now - prev.at > 3_600_000)
      growth = ((dbVolume - prev.bytes) / (now - prev.at)) * 86_400_000;
  }
  const daemonLogMaxSize = await daemonLogRotation();
  const socket = d.config.dockerHost?.startsWith('unix://')
    ? d.config.dockerHost.slice(7)
    : '/var/run/docker.sock';
  const dockerWithoutSudo =
    info === null
      ? null
      : await access(socket, constants.R_OK | constants.W_OK).then(
          () => true,
          () => false,
        );
  const settings = await d.settings.read();
  // Only files that parsed are read again for their images (never a device or a folder).
  if (docs.length === composeFiles.length)
    extra.push(...(await advisories(d, composeFiles, stackEnv, settings.advisoryCheck !== false)));
  return runDoctorRules({
    composeFile: composeFiles.join(', '),
    envFile,
    caddyFile,
    litellmConfigFile: litellmFile,
    services,
    env: stackEnv,
    caddyfileText: caddyProblem ? null : caddyText,
    litellmConfig: litellm?.doc ?? null,
    lokiConfigFile: lokiFile,
    lokiConfig: loki?.doc ?? null,
    lanOnlyHttp: (settings as { lanOnlyHttp?: boolean }).lanOnlyHttp === true,
    tunnels,
    machine: {
      gpuPresent: gpu.code === 0 && /GPU \d+:/.test(gpu.stdout),
      nvidiaRuntime:
        Boolean(info?.Runtimes?.nvidia) || (await onPath('nvidia-container-runtime-hook')),
      dockerWithoutSudo,
      freeDiskBytes: await freeDiskAt(info?.DockerRootDir ?? d.config.dataDir),
      dbVolumeBytes: dbVolume,
      dbGrowthBytesPerDay: growth,
      daemonLogMaxSize,
      spendLogs: await spendLogGrowth(d, info?.DockerRootDir ?? d.config.dataDir),
    },
    extra,
  });
};
