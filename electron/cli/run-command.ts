// The commands behind `hagw`: loaded by runCli (hagw.ts) only once the arguments are known to be
// a command, so `hagw --version`, `hagw help` and bad usage never load the gateway, Docker's
// client or any command (esbuild gives this module and what it imports a chunk of their own).
import type { parseArgs } from 'node:util';
import { GatewayError, toErrorInfo } from '../core/gateway-error';
import type { Clock, Timers } from '../core/ports';
import { systemClock, systemTimers } from '../app/app-environment';
import { resolveConfig } from '../app/app-environment';
import { createApp } from '../app/create-app';
import { wholeIn } from './cli-numbers';
import { type CliIo, CliExit, printError } from './cli-output';
import type { cliOptions } from './cli-options';
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

/** A fixed default port keeps an SSH tunnel (-L 4780:127.0.0.1:4780) the same from run to run. */
const defaultUiPort = 4780;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof cliOptions; allowPositionals: true; args: string[] }>
>['values'];

/** Runs one command whose arguments runCli has already parsed and checked. */
export const runCommand = async (
  command: string,
  rest: string[],
  values: Values,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  appRoot: string,
  deps: { clock?: Clock; timers?: Timers },
): Promise<number> => {
  const json = values.json ?? false;
  const clock = deps.clock ?? systemClock;
  const timers = deps.timers ?? systemTimers;
  let gw: ReturnType<typeof createApp> | null = null;
  try {
    gw = createApp(resolveConfig(appRoot, env), {
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
        return await modelsCommand(gw, io, {
          action: rest[0],
          target: rest[1],
          extra: rest.slice(2),
          name: values.name,
          apiBase: values['api-base'],
          apiKeyEnv: values['api-key-env'],
          priceIn: values['price-in'],
          priceOut: values['price-out'],
          all: values.all ?? false,
          idle: values.idle,
          pin: values.pin ?? false,
          unpin: values.unpin ?? false,
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
        return await auditCommand(gw, io, {
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
