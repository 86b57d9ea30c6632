import type { App } from '../../app/create-app';
import { channelCall } from '../../app/channel-call';
import { modelHandlers } from '../../app/model-handlers';
import type { ModelRow } from '../../shared/models';
import { decimalIn } from '../cli-numbers';
import { type CliIo, CliExit, printJson, table } from '../cli-output';
import { lifecycleTable, lifecycleUsage, modelsLifecycleCommand } from './models-lifecycle-command';
import { lifecycleHandlers } from '../../app/lifecycle-handlers';

const usageLine = `usage: hagw models [--json] | add <served-model> [--name N] [--price-in USD --price-out USD] | add <name> --api-base URL | add openai/<model>|anthropic/<model>|together_ai/<model> --api-key-env NAME | remove <name> | ${lifecycleUsage.replace(/^hagw models /, '')}`;

const perMillion = (v: number | null) => (v === null ? '-' : (v * 1_000_000).toFixed(2));

const rows = (models: readonly ModelRow[]) =>
  table([
    ['NAME', 'KIND', 'SERVED BY', 'ROUTE', '$/1M IN', '$/1M OUT', 'APPS', 'PROBLEM'],
    ...models.flatMap((m) => [
      [
        m.name,
        m.kind,
        m.servedBy ?? '-',
        m.route ?? '(no route)',
        perMillion(m.inputCostPerToken),
        perMillion(m.outputCostPerToken),
        m.apps.join(', ') || '-',
        m.problem ?? '-',
      ],
      // More than one deployment: the router balances across them, so list each and its state.
      ...(m.deployments.length > 1
        ? m.deployments.map((d) => [
            `  ${d.apiBase ?? '(provider default)'}`,
            '',
            d.serving === null ? '?' : d.serving ? 'serving' : 'NOT serving',
            '',
            '',
            '',
            '',
            '',
          ])
        : []),
    ]),
  ]);

export interface ModelsArgs {
  action: string | undefined;
  target: string | undefined;
  extra: readonly string[];
  name: string | undefined;
  apiBase: string | undefined;
  apiKeyEnv: string | undefined;
  priceIn: string | undefined;
  priceOut: string | undefined;
  all: boolean;
  idle: string | undefined;
  pin: boolean;
  unpin: boolean;
  json: boolean;
}

const lifecycleActions = ['status', 'sleep', 'wake', 'resume', 'set', 'margin'];
const lifecycleOnly = (a: ModelsArgs) => a.all || a.idle !== undefined || a.pin || a.unpin;

/** `hagw models [add|remove]`: what is routed, what is served, and what each costs and may call. */
export const modelsCommand = async (
  gw: Pick<App, 'models' | 'keys' | 'batches' | 'clock'>,
  io: CliIo,
  a: ModelsArgs,
): Promise<number> => {
  if (a.action !== undefined && lifecycleActions.includes(a.action)) {
    if (a.extra.length > 0) throw new CliExit(2, usageLine);
    return modelsLifecycleCommand(gw, io, { ...a, action: a.action });
  }
  if (lifecycleOnly(a)) throw new CliExit(2, `usage: ${lifecycleUsage}`);
  const models = gw.models.routes;
  // Listing and removing are the Models view's channels. Adding stays the service's own call: a
  // cloud model's key (--api-key-env) is taken only from a shell, and the channel refuses those.
  const call = channelCall(modelHandlers(gw));
  if (a.extra.length > 0) throw new CliExit(2, usageLine);
  switch (a.action) {
    case undefined:
    case 'list': {
      if (a.target !== undefined) throw new CliExit(2, usageLine);
      const r = await call('models.list');
      if (a.json) printJson(io, r);
      else if (r.error === null) {
        io.out(r.models.length === 0 ? 'No routes and nothing served yet.' : rows(r.models));
        // Below the routes: which local model holds the card (a stack without a wake service,
        // Ollama only, says so in one line).
        const life = await channelCall(lifecycleHandlers(gw))('lifecycle.get');
        io.out(
          life.lifecycle
            ? `\n${lifecycleTable(life.lifecycle, gw.clock.now())}`
            : `\nModel lifecycle: not available (${life.error ?? 'no wake service'}).`,
        );
      }
      if (r.error !== null) {
        io.err(`hagw: ${r.error}`);
        return 1;
      }
      return 0;
    }
    case 'add': {
      if (!a.target) throw new CliExit(2, usageLine);
      const row = await models.add(a.target, {
        ...(a.name ? { name: a.name } : {}),
        ...(a.apiBase ? { apiBase: a.apiBase } : {}),
        ...(a.apiKeyEnv ? { apiKeyEnv: a.apiKeyEnv } : {}),
        ...(a.priceIn !== undefined
          ? { priceIn: decimalIn(a.priceIn, '--price-in', 0, 1000)! }
          : {}),
        ...(a.priceOut !== undefined
          ? { priceOut: decimalIn(a.priceOut, '--price-out', 0, 1000)! }
          : {}),
      });
      if (a.json) printJson(io, row);
      else
        io.out(
          `Added "${row.name}" (${row.route ?? '?'}): $${perMillion(row.inputCostPerToken)} in / $${perMillion(row.outputCostPerToken)} out per 1M tokens.${row.problem ? ` Note: ${row.problem}.` : ''} Let an app call it: hagw keys update <app> --models ...,${row.name}`,
        );
      return 0;
    }
    case 'remove': {
      if (!a.target) throw new CliExit(2, usageLine);
      const r = await call('models.remove', a.target, 'remove');
      if (a.json) printJson(io, { name: a.target, ...r });
      else
        io.out(
          `Removed "${a.target}" (${r.removed} deployment${r.removed === 1 ? '' : 's'}).${r.keysStillListing.length > 0 ? ` Keys that still list it: ${r.keysStillListing.join(', ')}.` : ''}`,
        );
      return 0;
    }
    default:
      throw new CliExit(2, usageLine);
  }
};
