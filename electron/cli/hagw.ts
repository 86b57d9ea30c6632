import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toErrorInfo } from '../core/gateway-error';
import type { Clock } from '../core/ports';
import { resolveConfig } from '../node/app-config';
import { createGateway } from '../node/gateway';
import { type CliIo, CliExit, printError, processIo } from './cli-output';
import { alertsCommand } from './commands/alerts-command';
import { certsCommand } from './commands/certs-command';
import { doctorCommand } from './commands/doctor-command';
import { gpuCommand } from './commands/gpu-command';
import { keysCommand, usageCommand } from './commands/keys-command';
import { maintenanceCommand } from './commands/maintenance-command';
import { setupCommand } from './commands/setup-command';
import { stackCommand } from './commands/stack-command';
import { statusCommand } from './commands/status-command';
import { uiCommand } from './commands/ui-command';

export const usage = `hagw — Homelab AI Gateway

usage: hagw <command> [options]

  setup [--dry-run] [--json]              write the stack's .env: secrets, model profile from VRAM
  status [--json]                         the stack, its services and LiteLLM
  stack up|down|restart [service]         start, stop or restart the stack
        [--wait] [--timeout S] [--json]   --wait: until every service is healthy
  stack logs <service> [--tail N] [--follow] [--json]
  stack images [--json]                   which image each service runs, and whether it is pinned
  stack pin [service...] [--update]       pull and pin images to their digests in the stack's .env
  gpu [--json]                            GPU temperature, fan, power, thresholds and health
  keys list|create|show|update|block|unblock|rotate|delete|env [app] [--json]
        create <app> [--models a,b] [--budget USD | --tokens-per-month N] [--period 30d]
               [--rpm N] [--parallel N]
        delete <app> --yes
  usage [--json]                          spend, budget, calls/min, tokens per call, saved
  certs [--json]                          each site's certificate and whether renewal works
  doctor [--json] [--compose FILE]        audit the compose file, .env, Caddyfile and LiteLLM config
  alerts [--json]                         what the tray alerts about right now
  maintenance status|cleaned [--date YYYY-MM-DD]|snooze 1d|1w [--json]
                                          the quarterly dust cleaning and the thermal trend
  ui [--port N]                           the dashboard on http://127.0.0.1:4780 (loopback only;
                                          --port 0 picks a free port)
  help                                    this text

Configuration: HAGW_DATA_DIR, HAGW_COMPOSE_FILE, HAGW_COMPOSE_PROJECT, HAGW_LITELLM_URL,
HAGW_LITELLM_MASTER_KEY, HAGW_VLLM_URL, HAGW_NVIDIA_SMI, HAGW_GATEWAY_URL, DOCKER_HOST.`;

const options = {
  json: { type: 'boolean' },
  wait: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  tail: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  update: { type: 'boolean' },
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
  help: { type: 'boolean', short: 'h' },
} as const;

const wholeNumber = (
  v: string | undefined,
  fallback: number,
  what: string,
  min: number,
  max = 2 ** 31,
): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) {
    throw new CliExit(2, `${what} must be a whole number from ${min} to ${max}, got "${v}".`);
  }
  return n;
};

/** A fixed default port keeps an SSH tunnel (-L 4780:127.0.0.1:4780) the same from run to run. */
const defaultUiPort = 4780;

/** The CLI as a function of (argv, environment, io) -> exit code, so tests run it in-process too. */
export const runCli = async (
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = processIo,
  appRoot = fileURLToPath(new URL('../..', import.meta.url)),
  deps: { clock?: Clock } = {},
): Promise<number> => {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof options; allowPositionals: true; args: string[] }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`hagw: ${(e as Error).message.split('\n')[0]} (see "hagw help")`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (!command || command === 'help' || values.help) {
    io.out(usage);
    return command || values.help ? 0 : 2;
  }
  const json = values.json ?? false;
  const config = resolveConfig(appRoot, env);
  const gw = createGateway(config, { env, clock: deps.clock });
  try {
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
      case 'certs':
        return await certsCommand(gw, io, { json });
      case 'doctor':
        return await doctorCommand(gw, io, { json, compose: values.compose });
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
        return await gpuCommand(gw, io, { json });
      case 'setup':
        return await setupCommand(gw, io, { json, dryRun: values['dry-run'] ?? false });
      case 'status':
        return await statusCommand(gw, io, json);
      case 'stack':
        return await stackCommand(gw, io, {
          action: rest[0],
          service: rest[1],
          wait: values.wait ?? false,
          timeoutS: wholeNumber(values.timeout, 300, '--timeout', 1),
          json,
          tail: wholeNumber(values.tail, 100, '--tail', 0, 100_000),
          follow: values.follow ?? false,
          services: rest.slice(1),
          update: values.update ?? false,
        });
      case 'ui':
        return await uiCommand(gw, io, {
          port: wholeNumber(values.port, defaultUiPort, '--port', 0, 65535),
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
    return 1;
  } finally {
    gw.dispose();
  }
};
