import type { App } from '../../app/create-app';
import type { CreatedKey, KeyView, UsageReport } from '../../shared/keys';
import { keyLimits } from '../../shared/contract-args';
import { keyHandlers } from '../../app/key-handlers';
import { channelCall } from '../../app/channel-call';
import { decimalIn, wholeIn } from '../cli-numbers';
import { type CliIo, CliExit, printJson, table } from '../cli-output';

export interface KeysArgs {
  action: string | undefined;
  alias: string | undefined;
  models: string | undefined;
  budget: string | undefined;
  tokensPerMonth: string | undefined;
  rpm: string | undefined;
  period: string | undefined;
  parallel: string | undefined;
  yes: boolean;
  json: boolean;
}

const usage =
  'usage: hagw keys list | create <app> [--models a,b] [--budget USD | --tokens-per-month N] [--period 30d] [--rpm N] [--parallel N] | show|env|block|unblock|rotate <app> | update <app> [--budget USD] [--rpm N] [--models a,b] | delete <app> --yes';

// The ranges each option accepts are the contract's (shared/contract-args.ts), the dashboard's too;
// the README's CLI section states them. Text becomes a number here, the channel checks the rest.
const l = keyLimits;
const budget = (v: string | undefined) =>
  decimalIn(v, '--budget (USD)', l.budgetUsd.min, l.budgetUsd.max);
const rpm = (v: string | undefined) => wholeIn(v, '--rpm', l.rpm.min, l.rpm.max);
const parallel = (v: string | undefined) =>
  wholeIn(v, '--parallel', l.parallel.min, l.parallel.max);
const tokens = (v: string | undefined) =>
  wholeIn(v, '--tokens-per-month', l.tokensPerMonth.min, l.tokensPerMonth.max);

/** The contract's field names in this command's words: the options that set them. */
const flags = {
  models: '--models',
  budgetUsd: '--budget',
  tokensPerMonth: '--tokens-per-month',
  rpm: '--rpm',
  maxParallel: '--parallel',
  budgetDuration: '--period',
};
const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);

const money = (v: number | null) => (v === null ? '—' : `$${v.toFixed(v < 1 ? 4 : 2)}`);
const row = (k: KeyView) => [
  k.alias ?? k.tokenHash.slice(0, 12),
  money(k.spend),
  money(k.maxBudget),
  k.budgetUsedPercent === null ? '—' : `${k.budgetUsedPercent} %`,
  k.rpmLimit === null ? '—' : String(k.rpmLimit),
  k.models.join(','),
  k.blocked ? 'blocked' : '',
  k.inVault ? '' : 'not in vault',
];
const formatKeys = (keys: KeyView[]) =>
  table([['APP', 'SPEND', 'BUDGET', 'USED', 'RPM', 'MODELS', '', ''], ...keys.map(row)]);

const formatCreated = (c: CreatedKey, verb: string) =>
  [
    `${verb} key for ${c.key.alias ?? ''}: ${c.rawKey}`,
    `(shown once here; "hagw keys env ${c.key.alias ?? ''}" prints it again from the vault)`,
    '',
    c.snippets.env.trim(),
  ].join('\n');

const need = (a: KeysArgs): string => {
  if (!a.alias) throw new CliExit(2, usage);
  return a.alias;
};

/** `hagw keys ...`: per-app keys with their budgets; the master key never leaves this process. */
export const keysCommand = async (
  gw: Pick<App, 'keys'>,
  io: CliIo,
  a: KeysArgs,
): Promise<number> => {
  const out = (value: unknown, text: string) => (a.json ? printJson(io, value) : io.out(text));
  const call = channelCall(keyHandlers(gw.keys), flags);
  // Whatever a failed command left in LiteLLM is finished by the next key command, any of them.
  await gw.keys.service.finishPendingCleanups();
  switch (a.action ?? 'list') {
    case 'list': {
      // A list that could not be read at all is thrown (exit 1): never "No keys yet" then.
      const r = await call('keys.list');
      out(r, r.keys.length === 0 ? 'No keys yet: hagw keys create <app>' : formatKeys(r.keys));
      if (r.stale)
        io.err(`hagw: LiteLLM did not answer (${r.error ?? ''}); this is the last known list.`);
      return 0;
    }
    case 'create': {
      const c = await call('keys.create', {
        alias: need(a),
        models: list(a.models),
        budgetUsd: budget(a.budget),
        tokensPerMonth: tokens(a.tokensPerMonth),
        rpm: rpm(a.rpm),
        maxParallel: parallel(a.parallel),
        budgetDuration: a.period,
      });
      out(c, formatCreated(c, 'Created'));
      return 0;
    }
    case 'show': {
      const k = await gw.keys.service.show(need(a));
      out({ key: k }, formatKeys([k]));
      return 0;
    }
    case 'env': {
      const c = await call('keys.copy', need(a));
      out(
        c,
        `# .env\n${c.snippets.env}\n# Python\n${c.snippets.python}\n# JavaScript\n${c.snippets.javascript}\n# curl\n${c.snippets.curl}`,
      );
      return 0;
    }
    case 'update': {
      const change = { budgetUsd: budget(a.budget), rpm: rpm(a.rpm), models: list(a.models) };
      if (Object.values(change).every((v) => v === undefined))
        throw new CliExit(2, 'Nothing to change: give --budget, --rpm or --models.');
      const k = await call('keys.update', need(a), change);
      out({ key: k }, formatKeys([k]));
      return 0;
    }
    case 'block':
    case 'unblock': {
      const k = await call('keys.setBlocked', need(a), a.action === 'block');
      out({ key: k }, formatKeys([k]));
      return 0;
    }
    case 'rotate': {
      const c = await call('keys.rotate', need(a), 'rotate');
      out(c, formatCreated(c, 'Rotated; new'));
      // The new key is printed either way; a surviving old key is a failure a script must see.
      if (c.warning) {
        io.err(`hagw: ${c.warning}`);
        return 1;
      }
      return 0;
    }
    case 'delete': {
      const alias = need(a);
      if (!a.yes)
        throw new CliExit(
          2,
          `Deleting "${alias}" stops every project that uses it; add --yes to confirm.`,
        );
      const token = await call('keys.delete', alias, 'delete');
      out({ deleted: alias, tokenHash: token }, `Deleted ${alias}.`);
      return 0;
    }
    default:
      throw new CliExit(2, usage);
  }
};

const formatUsage = (r: UsageReport) =>
  [
    table([
      [
        'APP',
        'SPEND',
        'BUDGET',
        'USED',
        'RESETS',
        'CALLS/MIN',
        'TOKENS/CALL p50/p95/max',
        'SAVED (MONTH)',
        'SUGGESTED BUDGET',
      ],
      ...r.keys.map((u) => [
        u.alias ?? u.tokenHash.slice(0, 12),
        money(u.spend),
        money(u.maxBudget),
        u.budgetUsedPercent === null ? '—' : `${u.budgetUsedPercent} %`,
        u.resetsIn ?? '—',
        String(u.callsPerMinute),
        `${u.tokensPerCall.p50 ?? '—'}/${u.tokensPerCall.p95 ?? '—'}/${u.tokensPerCall.max ?? '—'}`,
        money(u.savedThisMonthUsd),
        u.suggestedBudgetUsd === null
          ? '—'
          : `$${u.suggestedBudgetUsd} (hagw keys update ${u.alias ?? ''} --budget ${u.suggestedBudgetUsd})`,
      ]),
    ]),
    `Saved this month, all keys: ${money(r.totalSavedThisMonthUsd)} at the reference cloud prices.`,
  ].join('\n');

export const usageCommand = async (
  gw: Pick<App, 'keys'>,
  io: CliIo,
  o: { json: boolean },
): Promise<number> => {
  const r = await channelCall(keyHandlers(gw.keys), flags)('keys.usage');
  if (o.json) printJson(io, r);
  else io.out(r.stale ? `LiteLLM did not answer: ${r.error ?? ''}` : formatUsage(r));
  if (r.stale) io.err(`hagw: ${r.error ?? 'LiteLLM did not answer'}`);
  return 0;
};
