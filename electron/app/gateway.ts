import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lazyDocker } from '../node/docker/docker-client';
import { dockerGet } from '../node/docker/docker-engine-get';
import { FailureLine } from '../node/platform/failure-line';
import { type Disposable, DisposableStore } from '../core/disposable';
import { toErrorInfo } from '../core/gateway-error';
import type { Clock, ProcessRunner, Timers } from '../core/ports';
import { StackController } from '../core/stack-controller';
import type { SetupReport } from '../shared/setup';
import type { EndpointProbe, StatusReport } from '../shared/status';
import type { AppConfig } from '../node/platform/app-config';
import { readFileIfExists } from '../node/storage/atomic-file';
import { loadComposeModel, profilesFromEnv } from '../node/compose/compose-file';
import { ComposeRunner } from '../node/compose/compose-runner';
import { DockerContainerSource } from '../node/docker/docker-container-source';
import { dockerEndpoint } from '../node/docker/docker-error';
import { dotenvValues } from '../node/compose/dotenv-file';
import { FileOperationLock } from '../node/compose/file-operation-lock';
import { AlertCenter } from './alert-center';
import type { Advisory } from '../core/load-advisor';
import type { CertsReport } from '../shared/certs';
import type { DoctorReport } from '../shared/doctor';
import { certDoctorFindings } from '../core/safety-alerts';
import { AuditService } from './audit-service';
import { BatchClient } from '../node/services/batch-client';
import { composeSql } from '../node/compose/compose-sql';
import { ModelService } from './model-service';
import { RemoteService } from './remote-service';
import { SpendLogStore } from '../node/compose/spend-log-store';
import { growthWarning } from '../core/spend-log-growth';
import type { SpendLogGrowthView } from '../shared/models';
import type { QueueHistory } from '../shared/vllm';
import { queueThreshold } from '../core/load-advisor';
import { checkCerts } from '../node/safety/cert-monitor';
import { runDoctor, spendLogGrowth } from '../node/safety/doctor-runner';
import { GpuAlertSettings } from './gpu-alert-settings';
import { GpuMonitor } from '../node/gpu/gpu-monitor';
import { type HostFacts, readHostFacts } from '../node/docker/host-facts';
import { LoadWatch } from '../node/gpu/load-watch';
import { ImagePinner } from '../node/docker/image-pinner';
import { KeyService } from './key-service';
import { KeyVault } from '../node/storage/key-vault';
import { stderrWarn, type Warn } from '../node/storage/state-file';
import { KeyWatch } from './key-watch';
import { ChannelStore } from '../node/push/channel-store';
import { checkCompat } from './compat-session';
import { CompatStore } from '../node/storage/compat-store';
import { ImageUpdater } from './image-updater';
import { availableUpdates } from '../node/safety/update-check';
import { checkAdvisories } from '../node/safety/advisory-check';
import { EngineWatch } from './engine-watch';
import { probeLocalRoutes } from '../node/services/deep-probe';
import { defaultMinImageAgeDays } from '../core/release-age';
import { defaultOsvUrl } from '../node/safety/osv-client';
import type { ServiceAdvisories } from '../shared/advisories';
import type { UpdateOffer } from '../shared/images';
import { MaintenanceService } from './maintenance-service';
import { SettingsFile } from '../node/storage/settings-file';
import { LiteLlmClient } from '../node/services/litellm-client';
import { nodeChildSpawner } from '../node/platform/node-child-spawner';
import { NodeProcessRunner } from '../node/platform/node-process-runner';
import { runSetup, type TlsChoice } from './setup-runner';
import { stackComposeFiles } from '../node/compose/stack-compose-files';
import { GpuMinuteStore } from '../node/gpu/gpu-minute-store';
import { systemClock, systemTimers } from '../node/platform/system-clock';

export type SetupOptions = { dryRun: boolean; lanIp?: string } & TlsChoice;

/** The stack's .env values (data directory), or {} before `hagw setup` has written it. */
export const readStackEnv = async (config: AppConfig): Promise<Record<string, string>> => {
  const text = await readFileIfExists(config.envFile);
  return text === null ? {} : dotenvValues(text);
};

export interface Gateway extends Disposable {
  config: AppConfig;
  /** The environment this gateway was built from (the CLI's, the app's). */
  env: NodeJS.ProcessEnv;
  /** The composition root's one clock: every adapter here reads time from it. */
  clock: Clock;
  /** What projects put in OPENAI_BASE_URL, without /v1: HAGW_GATEWAY_URL, the site, or LiteLLM. */
  gatewayUrl(): Promise<string>;
  stack: StackController;
  compose: ComposeRunner;
  litellm: LiteLlmClient;
  images: ImagePinner;
  maintenance: MaintenanceService;
  alerts: AlertCenter;
  keys: KeyService;
  keyWatch: KeyWatch;
  /** Local routes whose calls all fail while their container reports healthy. */
  engineWatch: EngineWatch;
  /** Push channels and quiet hours (channels.json, 0600). */
  channels: ChannelStore;
  /** The last compatibility result per service (compat.json). */
  compat: CompatStore;
  /** Every key's batches, from the batch service (master key). */
  batches: BatchClient;
  /** LiteLLM's routes next to what vLLM and Ollama serve; adding and removing routes. */
  models: ModelService;
  /** Every call in a window, from LiteLLM's spend logs. */
  audit: AuditService;
  /** Tailscale and Cloudflare tunnels: their profiles, secrets and containers. */
  remote: RemoteService;
  /** The 30-day retention of the spend logs and their growth (SQL in the postgres container). */
  spendLogs: SpendLogStore;
  /** The spend-log table's size and 30-day projection against free disk; null while Postgres is down. */
  spendLogGrowth(): Promise<SpendLogGrowthView | null>;
  /** `hagw stack update`: pull, start, check with hagw compat, pin or roll back. */
  updates: ImageUpdater;
  /** Runs the certificate check (and remembers the result for the alerts). */
  certs(): Promise<CertsReport>;
  /**
   * Runs the doctor on the configured compose files (and remembers the result). askOsv false: the
   * advisories as OSV last answered (the supervisor's hourly run sends nothing).
   */
  doctor(o?: { askOsv?: boolean }): Promise<DoctorReport>;
  latestSafety(): {
    certs: CertsReport | null;
    doctor: DoctorReport | null;
    updates: UpdateOffer[] | null;
    advisories: ServiceAdvisories[] | null;
  };
  /** Asks OSV about every pinned image (unless settings turn it off) and remembers the answer. */
  checkAdvisories(): Promise<ServiceAdvisories[]>;
  /** Asks the registries which pinned images have a newer digest (and remembers the answer). */
  checkUpdates(): Promise<UpdateOffer[]>;
  /** The live GPU monitor, started on first use and disposed with the gateway. */
  gpu(): Promise<GpuMonitor>;
  /** Load advisories from the live monitor and vLLM's queue (empty until the monitor runs). */
  loadAdvice(): Advisory[];
  /** vLLM's queue depth over the last hour (empty until the GPU monitor and its load watch run). */
  queueHistory(): QueueHistory;
  host(): Promise<HostFacts>;
  status(o?: { deep?: boolean }): Promise<StatusReport>;
  /** `hagw setup` and the app's first-run window. */
  setup(options: SetupOptions): Promise<SetupReport>;
  /** settings.json in the data directory (maintenance, dust, start at login). */
  settings: SettingsFile;
  /** The GPU alert thresholds the operator may move (in settings.json), within their ranges. */
  gpuAlerts: GpuAlertSettings;
  /** The last week of per-minute GPU summaries (gpu-minutes/ in the data directory). */
  gpuMinutes: GpuMinuteStore;
}

export const probeLiteLlm = async (client: LiteLlmClient): Promise<EndpointProbe> => {
  try {
    const r = await client.readiness();
    return {
      url: client.baseUrl,
      reachable: true,
      version: r.litellm_version ?? null,
      error: null,
    };
  } catch (e) {
    return { url: client.baseUrl, reachable: false, version: null, error: toErrorInfo(e).message };
  }
};

/** One composition of core + node for the CLI, the bridge server and the Electron main process. */
export const createGateway = (
  config: AppConfig,
  deps: {
    runner?: ProcessRunner;
    env?: NodeJS.ProcessEnv;
    clock?: Clock;
    timers?: Timers;
    warn?: Warn;
  } = {},
): Gateway => {
  const timers = deps.timers ?? systemTimers;
  const warn = deps.warn ?? stderrWarn;
  const failures = new FailureLine(warn);
  const store = new DisposableStore();
  const clock = deps.clock ?? systemClock;
  const now = () => new Date(clock.now());
  const env = deps.env ?? process.env;
  const runner = deps.runner ?? new NodeProcessRunner();
  const endpoint = dockerEndpoint(config.dockerHost);
  const docker = lazyDocker(config.dockerHost);
  const containers = new DockerContainerSource(
    docker,
    endpoint,
    timers,
    dockerGet(config.dockerHost),
  );
  const compose = new ComposeRunner(runner, async () => {
    const stackEnv = await readStackEnv(config);
    return {
      project: config.project,
      files: stackComposeFiles(config.composeFiles, stackEnv),
      envFile: existsSync(config.envFile) ? config.envFile : null,
      // Profiles from the stack's .env, explicitly: both compose versions honour the variable.
      env: {
        ...env,
        COMPOSE_PROJECT_NAME: config.project,
        COMPOSE_PROFILES: env.COMPOSE_PROFILES ?? stackEnv.COMPOSE_PROFILES ?? '',
      },
    };
  });
  const stack = store.add(
    new StackController({
      project: config.project,
      compose,
      containers,
      timers,
      lock: new FileOperationLock(config.dataDir, now),
      loadModel: async () => {
        const stackEnv = await readStackEnv(config);
        return loadComposeModel(
          stackComposeFiles(config.composeFiles, stackEnv),
          profilesFromEnv(env.COMPOSE_PROFILES ?? stackEnv.COMPOSE_PROFILES),
        );
      },
    }),
  );
  const settingsFile = new SettingsFile(config.dataDir, now, warn);
  // The young-release wait, read afresh each time: the update and the daily offer agree on it.
  const minAgeDays = async () =>
    (await settingsFile.read()).minImageAgeDays ?? defaultMinImageAgeDays;
  const maintenance = new MaintenanceService(settingsFile, clock);
  const gpuAlerts = new GpuAlertSettings(settingsFile, clock);
  const safety: ReturnType<Gateway['latestSafety']> = {
    certs: null,
    doctor: null,
    updates: null,
    advisories: null,
  };
  let gpu: Promise<GpuMonitor> | null = null;
  // Set once the GPU monitor starts (a holder: it is assigned inside a callback).
  const load: { watch: LoadWatch | null } = { watch: null };
  const masterKey = async () =>
    config.masterKeyOverride ?? (await readStackEnv(config)).LITELLM_MASTER_KEY ?? null;
  const litellm = new LiteLlmClient({ baseUrl: config.litellmUrl, masterKey, timeoutMs: 5000 });
  const gatewayUrl = async () => {
    if (config.gatewayUrl) return config.gatewayUrl;
    const site = (await readStackEnv(config)).HAGW_SITE_ADDRESS;
    return site ? `https://${site}` : config.litellmUrl;
  };
  const keys = new KeyService(
    litellm,
    new KeyVault(config.dataDir, warn, now),
    join(config.dataDir, 'keys-cache.json'),
    gatewayUrl,
    now,
    warn,
  );
  const images = new ImagePinner(docker, config, now);
  const compatHistory = new CompatStore(config.dataDir, now, warn);
  const updates = new ImageUpdater({
    images,
    stack,
    compat: () => checkCompat({ gatewayUrl, keys, litellm, clock }, {}),
    history: compatHistory,
    timeoutMs: 300_000,
    now: () => clock.now(),
    minAgeDays,
  });
  const keyRows = () => keys.rows();
  const spendLogs = new SpendLogStore(composeSql(compose), clock);
  // Where Docker keeps its volumes (the free disk that counts); null while dockerd does not answer.
  const dockerRoot = () =>
    docker()
      .then((d) => d.info() as Promise<{ DockerRootDir?: string }>)
      .then(
        (i) => i.DockerRootDir ?? null,
        () => null,
      );
  return {
    config,
    env,
    clock,
    gatewayUrl,
    models: new ModelService({
      litellm,
      keyRows,
      vllmUrl: config.vllmUrl,
      ollamaUrl: config.ollamaUrl,
      envFile: config.envFile,
      env,
      now,
    }),
    audit: new AuditService({ litellm, keyRows, now }),
    spendLogs,
    settings: settingsFile,
    gpuAlerts,
    gpuMinutes: new GpuMinuteStore(config.dataDir),
    spendLogGrowth: async () => {
      const g = await spendLogGrowth(
        { spendLogFacts: () => spendLogs.facts() },
        (await dockerRoot()) ?? config.dataDir,
      );
      return g && { ...g, warning: growthWarning(g) };
    },
    remote: new RemoteService({
      envFile: config.envFile,
      env,
      compose,
      containers: async () => (await stack.refresh()).services,
      now,
    }),
    updates,
    stack,
    compose,
    litellm,
    images,
    maintenance,
    alerts: new AlertCenter(join(config.dataDir, 'alerts.json'), () => clock.now(), warn),
    keys,
    // Runaway cap: none by default; the per-key 5x-median rule applies.
    engineWatch: new EngineWatch(litellm, stack),
    keyWatch: new KeyWatch(
      keys,
      () => null,
      () => clock.now(),
    ),
    channels: new ChannelStore(config.dataDir, now, warn),
    compat: compatHistory,
    batches: new BatchClient({
      batchUrl: config.batchUrl,
      masterKey,
      aliases: async () =>
        new Map((await keys.list()).keys.map((k) => [k.tokenHash, k.alias] as const)),
      now: () => clock.now(),
    }),
    certs: async () => {
      const { sites } = await checkCerts({
        config,
        settings: settingsFile,
        containerLog: () => stack.logs('caddy', 2000),
        warn,
        now: () => clock.now(),
      });
      safety.certs = { sites };
      return safety.certs;
    },
    doctor: async (o = {}) => {
      const [findings, certs] = await Promise.all([
        runDoctor(
          {
            config,
            docker,
            runner,
            settings: settingsFile,
            env,
            askOsv: o.askOsv,
            now: () => clock.now(),
            spendLogFacts: () => spendLogs.facts(),
          },
          stackComposeFiles(config.composeFiles, await readStackEnv(config)),
        ),
        checkCerts({
          config,
          settings: settingsFile,
          containerLog: () => stack.logs('caddy', 2000),
          now: () => clock.now(),
        }).catch(() => null),
      ]);
      // The certificate probe's warnings belong in the doctor's report too.
      safety.doctor = { findings: [...findings, ...certDoctorFindings(certs)] };
      return safety.doctor;
    },
    latestSafety: () => ({ ...safety }),
    checkAdvisories: async () => {
      if ((await settingsFile.read()).advisoryCheck === false) return (safety.advisories = []);
      safety.advisories = await checkAdvisories(await images.list(), {
        dataDir: config.dataDir,
        osvUrl: env.HAGW_OSV_URL || defaultOsvUrl,
        now,
        warn,
      });
      return safety.advisories;
    },
    checkUpdates: async () => {
      safety.updates = await availableUpdates(images, {
        dataDir: config.dataDir,
        now,
        warn,
        minAgeDays,
      });
      return safety.updates;
    },
    gpu: () => {
      gpu ??= new GpuMonitor({
        executable: config.nvidiaSmi ?? 'nvidia-smi',
        intervalMs: 2000,
        runner,
        clock,
        timers,
        spawner: nodeChildSpawner,
        env,
        limits: () => gpuAlerts.current(),
      })
        .start()
        .then((m) => {
          store.add(m);
          // Steady-load windows feed the dust trend in settings.json.
          store.add(
            m.onSteadyWindow((bus, w) =>
              failures.run('recording a steady-load window for the dust trend', () =>
                maintenance.recordWindow(bus, w),
              ),
            ),
          );
          // Load advice runs with the live monitor (the app, hagw ui), not in one-shot commands.
          const watch = store.add(new LoadWatch(config.vllmUrl, clock, timers).start());
          store.add(m.onReport((r) => watch.onGpuReport(r)));
          load.watch = watch;
          return m;
        });
      return gpu;
    },
    loadAdvice: () => load.watch?.advisories() ?? [],
    queueHistory: () => ({
      ...(load.watch?.queueHistory() ?? { t: [], waiting: [] }),
      threshold: queueThreshold.waiting,
      windowMinutes: queueThreshold.minutes,
    }),
    host: () => readHostFacts(docker, config.project),
    async status(o = {}) {
      const [snapshot, probe] = await Promise.all([stack.refresh(), probeLiteLlm(litellm)]);
      // Docker unreadable: every local route is tried, since none is known to be off.
      const known = snapshot.services.length > 0;
      const [routes] = await Promise.all([
        o.deep
          ? probeLocalRoutes(litellm, {
              litellmUrl: config.litellmUrl,
              masterKey,
              now: () => clock.now(),
              running: (svc) =>
                !known || snapshot.services.some((s) => s.name === svc && s.state === 'running'),
            }).catch((e: unknown) => [
              {
                route: '*',
                service: 'litellm',
                ok: false,
                status: null,
                ms: 0,
                error: `the routes could not be listed: ${e instanceof Error ? e.message : String(e)}`,
              },
            ])
          : undefined,
      ]);
      return {
        stack: snapshot,
        litellm: probe,
        setupNeeded: !existsSync(config.envFile),
        generatedAt: now().toISOString(),
        ...(routes ? { routes } : {}),
      };
    },
    setup: async (options) => {
      const report = await runSetup(
        {
          config,
          runner,
          env,
          now,
          dockerRoot,
          stackRunning: () =>
            stack.refresh().then((s) => ['running', 'partial', 'starting'].includes(s.state)),
        },
        options,
      );
      // The day of setup is the reference cleaning date of the quarterly reminder.
      if (!options.dryRun) await maintenance.ensureReference();
      return report;
    },
    dispose: () => store.dispose(),
  };
};
