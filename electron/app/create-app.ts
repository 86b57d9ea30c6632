import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lazyDocker } from '../node/docker/docker-client';
import { dockerGet, dockerGetBytes } from '../node/docker/docker-engine-get';
import { FailureLine } from '../node/platform/failure-line';
import { type Disposable, DisposableStore } from '../core/disposable';
import type { AlertsDomain } from './alerts-domain';
import { createGpuDomain, type GpuDomain } from './gpu-domain';
import type { KeysDomain } from './keys-domain';
import type { ModelsDomain } from './models-domain';
import { createSafetyDomain, type SafetyDomain } from './safety-domain';
import type { StackDomain } from './stack-domain';
import { stackStatus } from './stack-status';
import { readStackEnv } from './stack-env';
import type { Clock, ProcessRunner, Timers } from '../core/ports';
import { StackController } from '../core/stack-controller';
import type { AppConfig } from '../node/platform/app-config';
import { loadComposeModel, profilesFromEnv } from '../node/compose/compose-file';
import { ComposeRunner } from '../node/compose/compose-runner';
import { DockerContainerSource } from '../node/docker/docker-container-source';
import { dockerEndpoint } from '../node/docker/docker-error';
import { FileOperationLock } from '../node/compose/file-operation-lock';
import { AlertCenter } from './alert-center';
import { AuditService } from './audit-service';
import { BatchClient } from '../node/services/batch-client';
import { composeSql } from '../node/compose/compose-sql';
import { ModelService } from './model-service';
import { RemoteService } from './remote-service';
import { SpendLogStore } from '../node/compose/spend-log-store';
import { growthWarning } from '../core/spend-log-growth';
import { spendLogGrowth } from '../node/safety/doctor-runner';
import { GpuAlertSettings } from './gpu-alert-settings';
import { readHostFacts } from '../node/docker/host-facts';
import { ImagePinner } from '../node/docker/image-pinner';
import { KeyService } from './key-service';
import { KeyVault } from '../node/storage/key-vault';
import { stderrWarn, type Warn } from '../node/storage/state-file';
import { KeyWatch } from './key-watch';
import { ChannelStore } from '../node/push/channel-store';
import { checkCompat } from './compat-session';
import { CompatStore } from '../node/storage/compat-store';
import { ImageUpdater } from './image-updater';
import { EngineWatch } from './engine-watch';
import { defaultMinImageAgeDays } from '../core/release-age';
import { MaintenanceService } from './maintenance-service';
import { SettingsFile } from '../node/storage/settings-file';
import { createWakerClient } from '../node/services/waker-client';
import { inContainers, queryComputeApps } from '../node/gpu/compute-apps';
import { AutoFreeWatch } from './auto-free-watch';
import { LiteLlmClient } from '../node/services/litellm-client';
import { NodeProcessRunner } from '../node/platform/node-process-runner';
import { runSetup } from './setup-runner';
import { stackComposeFiles } from '../node/compose/stack-compose-files';
import { GpuMinuteStore } from '../node/gpu/gpu-minute-store';
import { systemClock, systemTimers } from '../node/platform/system-clock';

export type { SetupOptions } from './stack-domain';

/**
 * The application: one narrow interface per domain. A consumer names the domains it uses
 * (`Pick<App, 'keys' | 'stack'>`) or takes one domain alone, never the whole.
 */
export interface App extends Disposable {
  config: AppConfig;
  /** The environment this application was built from (the CLI's, the app's). */
  env: NodeJS.ProcessEnv;
  /** The composition root's one clock: every adapter here reads time from it. */
  clock: Clock;
  stack: StackDomain;
  keys: KeysDomain;
  gpu: GpuDomain;
  alerts: AlertsDomain;
  models: ModelsDomain;
  /** Tailscale and Cloudflare tunnels: their profiles, secrets and containers. */
  remote: RemoteService;
  /** Every key's batches, from the batch service (master key). */
  batches: BatchClient;
  safety: SafetyDomain;
  /** settings.json in the data directory (maintenance, dust, start at login). */
  settings: SettingsFile;
}
/** The composition root: core + node, once, for the CLI, the bridge server and the Electron main process. */
export const createApp = (
  config: AppConfig,
  deps: {
    runner?: ProcessRunner;
    env?: NodeJS.ProcessEnv;
    clock?: Clock;
    timers?: Timers;
    warn?: Warn;
  } = {},
): App => {
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
    dockerGetBytes(config.dockerHost),
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
  const masterKey = async () =>
    config.masterKeyOverride ?? (await readStackEnv(config)).LITELLM_MASTER_KEY ?? null;
  const litellm = new LiteLlmClient({ baseUrl: config.litellmUrl, masterKey, timeoutMs: 5000 });
  const waker = createWakerClient({ url: config.wakerUrl, masterKey });
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
    compat: () =>
      checkCompat(
        { stack: { gatewayUrl }, keys: { service: keys }, models: { litellm }, clock },
        {},
      ),
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
  const gpu = store.add(
    createGpuDomain({
      executable: config.nvidiaSmi ?? 'nvidia-smi',
      vllmUrl: config.vllmUrl,
      runner,
      clock,
      timers,
      env,
      limits: new GpuAlertSettings(settingsFile, clock),
      minutes: new GpuMinuteStore(config.dataDir),
      maintenance,
      failures,
    }),
  );
  const containerLog = () => stack.logs('caddy', 2000);
  return {
    config,
    env,
    clock,
    stack: {
      controller: stack,
      compose,
      images,
      gatewayUrl,
      host: () => readHostFacts(docker, config.project),
      status: (o = {}) => stackStatus({ config, stack, litellm, masterKey, clock }, o),
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
    },
    keys: {
      service: keys,
      // Runaway cap: none by default; the per-key 5x-median rule applies.
      watch: new KeyWatch(
        keys,
        () => null,
        () => clock.now(),
      ),
      audit: new AuditService({ litellm, keyRows, now }),
    },
    gpu,
    alerts: {
      center: new AlertCenter(join(config.dataDir, 'alerts.json'), () => clock.now(), warn),
      channels: new ChannelStore(config.dataDir, now, warn),
    },
    models: {
      routes: new ModelService({
        litellm,
        keyRows,
        vllmUrl: config.vllmUrl,
        ollamaUrl: config.ollamaUrl,
        envFile: config.envFile,
        env,
        now,
      }),
      litellm,
      lifecycle: waker,
      autoFree: new AutoFreeWatch({
        enabled: async () => (await settingsFile.read()).autoFreeGpu !== false,
        computeApps: () => queryComputeApps(runner, config.nvidiaSmi ?? 'nvidia-smi', env),
        ours: async (pid) =>
          inContainers(
            pid,
            (await containers.list(config.project)).map((c) => c.id),
          ),
        lifecycle: waker,
        log: warn,
      }),
      engineWatch: new EngineWatch(litellm, stack),
      spendLogs,
      spendLogGrowth: async () => {
        const g = await spendLogGrowth(
          { spendLogFacts: () => spendLogs.facts() },
          (await dockerRoot()) ?? config.dataDir,
        );
        return g && { ...g, warning: growthWarning(g) };
      },
    },
    remote: new RemoteService({
      envFile: config.envFile,
      env,
      compose,
      containers: async () => (await stack.refresh()).services,
      now,
    }),
    batches: new BatchClient({
      batchUrl: config.batchUrl,
      masterKey,
      aliases: async () =>
        new Map((await keys.list()).keys.map((k) => [k.tokenHash, k.alias] as const)),
      now: () => clock.now(),
    }),
    safety: createSafetyDomain({
      doctor: {
        config,
        docker,
        runner,
        settings: settingsFile,
        env,
        spendLogFacts: () => spendLogs.facts(),
      },
      certs: { config, settings: settingsFile, containerLog },
      composeFiles: async () => stackComposeFiles(config.composeFiles, await readStackEnv(config)),
      images,
      compat: compatHistory,
      updates,
      minAgeDays,
      osvUrl: env.HAGW_OSV_URL,
      clock,
      warn,
    }),
    settings: settingsFile,
    dispose: () => store.dispose(),
  };
};
