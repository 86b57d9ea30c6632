import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Timers } from '../core/ports';
import { type CliIo, processIo, safeIo } from './cli-output';
import { cliOptions } from './cli-options';
import { refusedInput } from './command-accepts';
import { missingPackage } from '../core/missing-package';
import type { runCommand as RunCommandFn } from './run-command';

type RunCommand = typeof RunCommandFn;

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
  models remove <name>                    remove a route added with models add
  models status [--json]                  each local model awake or asleep, its VRAM, idle time,
                                          pin, last use and last wake (also under "hagw models")
  models sleep <model> | --all            sleep a model; --all frees the GPU (requests are refused
                                          with a 503 until resume)
  models wake <model> | resume            wake one now; resume serves again and wakes pinned ones
  models set <model> [--idle MIN] [--pin|--unpin]
                                          minutes without a request before it sleeps (0-1440,
                                          0 never), and whether it never sleeps for idleness
  models margin <percent>                 VRAM kept free of models (0-50 % of the card)`,
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
      name !== null && (cliOptions as Record<string, { type: string }>)[name]?.type === 'string';
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
    typeof parseArgs<{ options: typeof cliOptions; allowPositionals: true; args: string[] }>
  >;
  try {
    parsed = parseArgs({
      args: glueNegativeValues(argv),
      options: cliOptions,
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
  // Loaded only now: the gateway and the commands are most of what a run loads.
  let runCommand: RunCommand;
  try {
    ({ runCommand } = await import('./run-command'));
  } catch (e) {
    const missing = missingPackage(e);
    if (!missing) throw e;
    io.err(
      `hagw: the install is incomplete (the package "${missing}" is missing); run "npm install" in ${appRoot}, then "npm run build".`,
    );
    return 1;
  }
  return runCommand(command, rest, values, env, io, appRoot, deps);
};
