import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayError, toErrorInfo } from '../core/gateway-error';
import type { Clock, Timers } from '../core/ports';
import { systemClock, systemTimers } from '../node/system-clock';
import { resolveConfig } from '../node/app-config';
import { createGateway } from '../node/gateway';
import { wholeIn } from './cli-numbers';
import { type CliIo, CliExit, printError, processIo, safeIo } from './cli-output';
import { refusedInput } from './command-accepts';
import { alertsCommand } from './commands/alerts-command';
import { auditCommand } from './commands/audit-command';
import { batchCommand } from './commands/batch-command';
import { certsCommand } from './commands/certs-command';
import { compatCommand } from './commands/compat-command';
import { doctorCommand } from './commands/doctor-command';
import { gpuCommand } from './commands/gpu-command';
import { gpuLimitsCommand } from './commands/gpu-limits-command';
import { keysCommand, usageCommand } from './commands/keys-command';
import { maintenanceCommand } from './commands/maintenance-command';
import { modelsCommand } from './commands/models-command';
import { monitorCommand } from './commands/monitor-command';
import { notifyCommand } from './commands/notify-command';
import { remoteCommand } from './commands/remote-command';
import { setupCommand } from './commands/setup-command';
import { stackCommand } from './commands/stack-command';
import { statusCommand } from './commands/status-command';
import { uiCommand } from './commands/ui-command';

/** Each command's usage lines, shown alone by `hagw help <command>`. */
export const commandUsage: Record<string, string> = {
  setup: `  setup [--dry-run] [--lan-ip ADDR] [--json]
                                          write the stack's .env: secrets, model profile from VRAM;
                                          --lan-ip: Caddy on that interface alone
  setup --public-name NAME --dns cloudflare
                                          a public certificate through DNS-01 (CLOUDFLARE_API_TOKEN
                                          from the shell); --dns internal: back to the LAN CA`,
  status: `  status [--deep] [--json]                the stack, its services and LiteLLM; --deep: one tiny
                                          call per local route (exit 1 if one fails)`,
  stack: `  stack up|down|restart [service]         start, stop or restart the stack (or one service)
        [--wait] [--timeout S] [--json]   --wait: until healthy; --timeout 1-86400 s (300)
  stack logs <service> [--tail N] [--follow] [--json]
  stack images [--json]                   which image each service runs, and whether it is pinned
  stack pin [service...]                  pull and pin images to their digests in the stack's .env
  stack update [service...] [--timeout S] [--allow-young] [--json]
                                          pull the pin's tag, start it, run hagw compat; pin the new
                                          digest only if nothing regressed, else roll back (pin --update
                                          is the same); a digest built under minImageAgeDays (7) ago
                                          is held unless --allow-young`,
  compat: `  compat [BASE_URL] [--key K] [--model M] [--json]
        [--over-budget-key K] [--embedding-model M]
                                          an OpenAI-compatibility check: the gateway through Caddy with
                                          temporary keys, or any endpoint ending in /v1 (key: --key or
                                          OPENAI_API_KEY); exit 1 when a check fails`,
  batch: `  batch list|show <id>|cancel <id> [--json]
                                          every key's OpenAI Batch API jobs, with the app and progress
  batch serve [--port N]                  the Batch API and its worker (HAGW_REDIS_URL, 4100)`,
  gpu: `  gpu [--json]                            GPU temperature, fan, power, thresholds and health
  gpu limits [--margin N] [--spin-up N|auto] [--sibling-gap N] [--reset] [--json]
                                          the alert thresholds you may move, each within its range:
                                          warn N °C below slowdown (2-20, 5), a 0 % fan must spin by
                                          (45-80 °C, auto), twin cards apart by (5-30 °C, 10)`,
  keys: `  keys list|create|show|update|block|unblock|rotate|delete|env [app] [--json]
        create <app> [--models a,b] [--budget USD | --tokens-per-month N] [--period 30d]
               [--rpm N] [--parallel N]
        update <app> [--budget USD] [--rpm N] [--models a,b]
        delete <app> --yes
        --budget 0.000001-10000 (plain decimal), --rpm 1-100000, --parallel 1-1000,
        --tokens-per-month 1-1000000000000; app names: letters, digits and . _ : - (63 at most)`,
  models: `  models [--json]                         LiteLLM's routes next to what vLLM and Ollama serve: price,
                                          local or cloud, the apps that may call each, what is wrong
  models add <served-model> [--name N] [--price-in USD --price-out USD]
                                          route a model a local server serves ($ per 1M tokens, a
                                          reference price so budgets count it; default 0.15/0.60)
  models add <route> --api-base http://HOST:8000/v1
                                          one more deployment of a route (a second GPU host)
  models add openai/<m>|anthropic/<m>|together_ai/<m> --api-key-env NAME [--name N]
                                          a cloud model, priced from LiteLLM's cost map; the key is
                                          read from $NAME and kept in the stack's .env (0600)
  models remove <name>                    remove a route added with models add`,
  remote: `  remote status|enable tailscale|enable cloudflare [--access-app NAME]|disable [tunnel] [--json]
                                          remote access through a tunnel to Caddy (no host port):
                                          the auth key / token is read from TS_AUTHKEY or
                                          CLOUDFLARE_TUNNEL_TOKEN in this shell, kept in .env (0600)`,
  audit: `  audit [--app A] [--model M] [--since 24h] [--status success|error] [--json]
                                          one line per call (time, app, model, tokens, status, ms,
                                          cost) from LiteLLM's spend logs, kept 30 days`,
  usage: `  usage [--json]                          spend, budget, calls/min, tokens per call, saved`,
  certs: `  certs [--json]                          each site's certificate and whether renewal works`,
  doctor: `  doctor [--json] [--compose FILE] [--env-file FILE]
                                          audit the compose file, .env, Caddyfile and LiteLLM config`,
  alerts: `  alerts [--json]                         what the tray alerts about right now`,
  maintenance: `  maintenance status|cleaned [--date YYYY-MM-DD]|snooze 1d|1w [--json]
                                          the quarterly dust cleaning and the thermal trend`,
  notify: `  notify list [--json]                    push channels (URLs shown to their origin) and quiet hours
  notify add ntfy <https://host/topic> [--token T] [--name N] [--allow-private] [--insecure]
  notify add webhook <url> [--name N]     a JSON POST per alert transition
  notify add discord <https://discord.com/api/webhooks/ID/TOKEN> [--name N]
  notify remove <id> | test [<id>] | quiet HH:MM-HH:MM|off
                                          quiet hours: only criticals are pushed, the rest waits`,
  monitor: `  monitor [--json] [--once]               the alerts with no UI, one line per transition, until
                                          SIGTERM; --once: evaluate once, exit 1 if anything is critical`,
  ui: `  ui [--port N]                           the dashboard on http://127.0.0.1:4780 (loopback only;
                                          --port 0 picks a free port)`,
  help: `  help [command]                          this text, or one command's usage
  --version                               the version of hagw`,
};

export const usage = `hagw — Homelab AI Gateway

usage: hagw <command> [options]

${Object.values(commandUsage).join('\n')}

Configuration: HAGW_DATA_DIR, HAGW_COMPOSE_FILE, HAGW_COMPOSE_PROJECT, HAGW_LITELLM_URL,
HAGW_LITELLM_MASTER_KEY, HAGW_VLLM_URL, HAGW_OLLAMA_URL, HAGW_NVIDIA_SMI, HAGW_GATEWAY_URL, HAGW_ALERT_TICK_MS,
HAGW_BATCH_URL, HAGW_REDIS_URL, DOCKER_HOST.`;

const options = {
  json: { type: 'boolean' },
  wait: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  tail: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  update: { type: 'boolean' },
  'allow-young': { type: 'boolean' },
  deep: { type: 'boolean' },
  'allow-private': { type: 'boolean' },
  insecure: { type: 'boolean' },
  date: { type: 'string' },
  models: { type: 'string' },
  budget: { type: 'string' },
  'tokens-per-month': { type: 'string' },
  rpm: { type: 'string' },
  period: { type: 'string' },
  compose: { type: 'string' },
  parallel: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  timeout: { type: 'string' },
  port: { type: 'string' },
  'env-file': { type: 'string' },
  token: { type: 'string' },
  name: { type: 'string' },
  once: { type: 'boolean' },
  key: { type: 'string' },
  model: { type: 'string' },
  'over-budget-key': { type: 'string' },
  'embedding-model': { type: 'string' },
  'api-base': { type: 'string' },
  'lan-ip': { type: 'string' },
  'public-name': { type: 'string' },
  dns: { type: 'string' },
  'access-app': { type: 'string' },
  'api-key-env': { type: 'string' },
  'price-in': { type: 'string' },
  'price-out': { type: 'string' },
  app: { type: 'string' },
  since: { type: 'string' },
  status: { type: 'string' },
  margin: { type: 'string' },
  'spin-up': { type: 'string' },
  'sibling-gap': { type: 'string' },
  reset: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/**
 * `--rpm -1` would make parseArgs complain that the argument is "ambiguous": glue a negative
 * number to its option (`--rpm=-1`) so the range check can say what is wrong with the value.
 */
export const glueNegativeValues = (argv: readonly string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : null;
    const isString =
      name !== null && (options as Record<string, { type: string }>)[name]?.type === 'string';
    if (isString && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
};

/** parseArgs' errors, as one line that names the option and where to read the usage. */
const argError = (e: unknown, command: string | undefined): string => {
  const err = e as { code?: string; message?: string };
  const where = command && commandUsage[command] ? `hagw help ${command}` : 'hagw help';
  const opt = /'(-{1,2}[^' ]+)/.exec(err.message ?? '')?.[1] ?? '';
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${opt} (see "${where}")`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return `option ${opt} ${/argument missing/.test(err.message ?? '') ? 'needs a value' : 'takes no value'} (see "${where}")`;
  return `${(err.message ?? String(e)).split('\n')[0]?.split('. To specify')[0] ?? ''} (see "${where}")`;
};

const version = (appRoot: string): string => {
  try {
    return (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
};

/** A fixed default port keeps an SSH tunnel (-L 4780:127.0.0.1:4780) the same from run to run. */
const defaultUiPort = 4780;

/** The CLI as a function of (argv, environment, io) -> exit code, so tests run it in-process too. */
export const runCli = async (
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  rawIo: CliIo = processIo,
  appRoot = fileURLToPath(new URL('../..', import.meta.url)),
  deps: { clock?: Clock; timers?: Timers } = {},
): Promise<number> => {
  const io = safeIo(rawIo);
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof options; allowPositionals: true; args: string[] }>
  >;
  try {
    parsed = parseArgs({
      args: glueNegativeValues(argv),
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    io.err(
      `hagw: ${argError(
        e,
        argv.find((a) => !a.startsWith('-')),
      )}`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    io.out(`hagw ${version(appRoot)}`);
    return 0;
  }
  if (command === 'help' && rest[0] !== undefined) {
    const one = commandUsage[rest[0]];
    if (!one) {
      io.err(`hagw: no command "${rest[0]}"; commands: ${Object.keys(commandUsage).join(', ')}`);
      return 2;
    }
    io.out(`usage:\n${one}`);
    return 0;
  }
  if (!command || command === 'help' || values.help) {
    // `hagw keys --help` shows the keys usage; `hagw help` and `hagw --help` the whole text.
    const one = command && command !== 'help' ? commandUsage[command] : undefined;
    io.out(one ? `usage:\n${one}` : usage);
    return command || values.help ? 0 : 2;
  }
  const refused = refusedInput(
    command,
    rest,
    Object.keys(values).filter((k) => values[k as keyof typeof values] !== undefined),
  );
  if (refused) {
    io.err(`hagw: ${refused}`);
    return 2;
  }
  const json = values.json ?? false;
  const clock = deps.clock ?? systemClock;
  const timers = deps.timers ?? systemTimers;
  let gw: ReturnType<typeof createGateway> | null = null;
  try {
    gw = createGateway(resolveConfig(appRoot, env), {
      env,
      clock,
      timers,
      warn: (line) => io.err(line),
    });
    switch (command) {
      case 'keys':
        return await keysCommand(gw, io, {
          action: rest[0],
          alias: rest[1],
          models: values.models,
          budget: values.budget,
          tokensPerMonth: values['tokens-per-month'],
          rpm: values.rpm,
          period: values.period,
          parallel: values.parallel,
          yes: values.yes ?? false,
          json,
        });
      case 'usage':
        return await usageCommand(gw, io, { json });
      case 'models':
        return await modelsCommand(gw.models, io, {
          action: rest[0],
          target: rest[1],
          extra: rest.slice(2),
          name: values.name,
          apiBase: values['api-base'],
          apiKeyEnv: values['api-key-env'],
          priceIn: values['price-in'],
          priceOut: values['price-out'],
          json,
        });
      case 'remote':
        return await remoteCommand(gw.remote, io, {
          action: rest[0],
          kind: rest[1],
          extra: rest.slice(2),
          accessApp: values['access-app'],
          json,
        });
      case 'audit':
        return await auditCommand(gw.audit, io, {
          app: values.app,
          model: values.model,
          since: values.since,
          status: values.status,
          extra: rest,
          json,
        });
      case 'certs':
        return await certsCommand(gw, io, { json });
      case 'doctor':
        return await doctorCommand(gw, io, {
          json,
          compose: values.compose,
          envFile: values['env-file'],
        });
      case 'alerts':
        return await alertsCommand(gw, io, { json });
      case 'maintenance':
        return await maintenanceCommand(gw, io, {
          action: rest[0],
          arg: rest[1],
          date: values.date,
          json,
        });
      case 'gpu':
        if (rest[0] === 'limits')
          return await gpuLimitsCommand(gw, io, {
            margin: values.margin,
            spinUp: values['spin-up'],
            siblingGap: values['sibling-gap'],
            reset: values.reset ?? false,
            extra: rest.slice(1),
            json,
          });
        if (rest.length > 0)
          throw new CliExit(2, `no "gpu ${rest.join(' ')}"; see "hagw help gpu"`);
        return await gpuCommand(gw, io, { json });
      case 'setup':
        return await setupCommand(gw, io, {
          json,
          dryRun: values['dry-run'] ?? false,
          ...(values['lan-ip'] !== undefined ? { lanIp: values['lan-ip'] } : {}),
          ...(values['public-name'] !== undefined ? { publicName: values['public-name'] } : {}),
          ...(values.dns !== undefined ? { dns: values.dns } : {}),
        });
      case 'status':
        return await statusCommand(gw, io, json, values.deep ?? false);
      case 'stack':
        return await stackCommand(gw, io, {
          action: rest[0],
          service: rest[1],
          wait: values.wait ?? false,
          timeoutS: wholeIn(values.timeout, '--timeout', 1, 86_400) ?? 300,
          json,
          tail: wholeIn(values.tail, '--tail', 0, 100_000) ?? 100,
          follow: values.follow ?? false,
          services: rest.slice(1),
          update: values.update ?? false,
          allowYoung: values['allow-young'] ?? false,
        });
      case 'ui':
        return await uiCommand(gw, io, {
          port: wholeIn(values.port, '--port', 0, 65535) ?? defaultUiPort,
          clock,
          timers,
        });
      case 'monitor':
        if (rest.length > 0) throw new CliExit(2, 'usage: hagw monitor [--json] [--once]');
        return await monitorCommand(gw, io, { json, once: values.once ?? false, clock, timers });
      case 'compat':
        if (rest.length > 1) throw new CliExit(2, 'usage: hagw compat [BASE_URL] [options]');
        return await compatCommand(gw, io, {
          baseUrl: rest[0],
          key: values.key,
          model: values.model,
          overBudgetKey: values['over-budget-key'],
          embeddingModel: values['embedding-model'],
          json,
        });
      case 'batch':
        if (rest[0] === 'serve') {
          if (rest.length > 1) throw new CliExit(2, 'usage: hagw batch serve [--port N]');
          // Loaded here: BullMQ and ioredis cost every other command (the monitor) ~25 MB.
          const { batchServeCommand } = await import('./commands/batch-serve-command');
          return await batchServeCommand(gw.config, env, io, {
            port: wholeIn(values.port, '--port', 0, 65535),
            clock,
            timers,
          });
        }
        if (rest.length > 2)
          throw new CliExit(2, 'usage: hagw batch list | show <id> | cancel <id>');
        return await batchCommand(gw.batches, io, { action: rest[0], id: rest[1], json });
      case 'notify':
        return await notifyCommand(gw, io, {
          action: rest[0],
          args: rest.slice(1),
          token: values.token,
          name: values.name,
          allowPrivate: values['allow-private'] ?? false,
          insecure: values.insecure ?? false,
          json,
        });
      default:
        io.err(`hagw: unknown command "${command}" (see "hagw help")`);
        return 2;
    }
  } catch (e) {
    if (e instanceof CliExit) {
      if (e.message) io.err(`hagw: ${e.message}`);
      return e.exitCode;
    }
    printError(io, toErrorInfo(e));
    // Bad input found deeper down (the key service, the stack's service names) is bad usage too.
    return e instanceof GatewayError && e.code === 'BAD_INPUT' ? 2 : 1;
  } finally {
    gw?.dispose();
  }
};
