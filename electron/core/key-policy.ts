// Per-app key rules, pure: what a valid alias and budget are, the tiny first-month quota, turning
// "tokens per month" into dollars, and the budget to suggest after a week of real use.

import { percentile } from './percentile';

export interface ModelPrice {
  model: string;
  inputPerToken: number;
  outputPerToken: number;
}

/** A new project's first month (the seed's advice): a tiny quota, raised once usage is known. */
export const firstMonthDefaults = {
  maxBudgetUsd: 1,
  budgetDuration: '30d',
  rpmLimit: 60,
  maxParallelRequests: 4,
} as const;

export const maxBudgetUsd = 10_000;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** A valid alias made from whatever was typed: the suggestion in an error must itself be valid. */
const suggestAlias = (name: string): string => {
  const s = name
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^A-Za-z0-9._:-]/g, '')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63);
  return s === '' ? 'my-app' : s;
};

/** Aliases go into LiteLLM, logs and env snippets: letters, digits and . _ : - only. */
export const checkAlias = (name: string): Checked<string> => {
  const alias = name.trim();
  // JSON quoting: a name with a newline or a control character is shown, never printed raw.
  const shown = JSON.stringify(alias);
  if (alias === '')
    return {
      ok: false,
      error: 'The app name is empty; give the project a name, e.g. discord-bot.',
    };
  if (/^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/.test(alias)) return { ok: true, value: alias };
  const why = /\s/.test(alias)
    ? 'contains spaces; use dashes instead'
    : 'may use only letters, digits and . _ : - (at most 63, starting with a letter or digit)';
  return { ok: false, error: `${shown} ${why}, e.g. ${suggestAlias(alias)}.` };
};

const secondsPer: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, mo: 30 * 86_400 };
/** A budget period from an hour to a year: shorter resets all the time, longer never does. */
const minPeriodS = 3600;
const maxPeriodS = 366 * 86_400;

/** LiteLLM's budget_duration ("30d", "1mo", "12h"), within an hour to a year. */
export const checkBudgetPeriod = (text: string): Checked<string> => {
  const m = /^(\d{1,6})(s|m|h|d|mo)$/.exec(text);
  const seconds = m ? Number(m[1]) * (secondsPer[m[2] ?? ''] ?? 0) : NaN;
  if (!m || !(seconds >= minPeriodS && seconds <= maxPeriodS))
    return {
      ok: false,
      error: `"${text}" is not a budget period from 1h to 366d; use e.g. 1d, 7d, 30d or 1mo.`,
    };
  return { ok: true, value: text };
};

export const checkBudget = (usd: number): Checked<number> => {
  if (!Number.isFinite(usd))
    return { ok: false, error: 'The budget must be a number of dollars, e.g. 5.' };
  if (usd <= 0)
    return {
      ok: false,
      error: `A budget of $${usd} cannot be spent; give a positive amount, e.g. 5.`,
    };
  if (usd > maxBudgetUsd)
    return {
      ok: false,
      error: `$${usd} a period is not a budget for a side project (at most $${maxBudgetUsd}); leave it out for the first month's default.`,
    };
  // Micro-dollars, not cents: a tiny first quota ($0.0005) must not round to $0, a dead key.
  return { ok: true, value: Math.round(usd * 1e6) / 1e6 };
};

/**
 * A token budget in dollars at the model's price. Chat traffic is mostly prompt: price a token as
 * 3/4 input and 1/4 output (the split of the recorded spend logs: 41,410 prompt vs 9,430 completion).
 */
export const tokensToUsd = (tokensPerPeriod: number, p: ModelPrice): number => {
  const blended = 0.75 * p.inputPerToken + 0.25 * p.outputPerToken;
  return Math.ceil(tokensPerPeriod * blended * 100) / 100;
};

/** The models a key may use must exist: unknown names are refused before LiteLLM is asked. */
export const checkModels = (
  wanted: readonly string[],
  available: readonly string[],
): Checked<string[]> => {
  const unknown = wanted.filter((m) => !available.includes(m));
  if (unknown.length > 0)
    return {
      ok: false,
      error: `Unknown model${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; available: ${available.join(', ') || 'none (is the stack up?)'}.`,
    };
  return { ok: true, value: [...wanted] };
};

/** After 7 days of use: the 95th-percentile day x 30, rounded up; offered, never applied silently. */
export const suggestBudget = (dailySpendUsd: readonly number[]): number | null => {
  if (dailySpendUsd.length < 7) return null;
  const month = (percentile(dailySpendUsd, 95) ?? 0) * 30;
  if (month <= 0) return null;
  return month >= 1 ? Math.ceil(month) : Math.ceil(month * 10) / 10;
};

export const budgetUsedPercent = (spend: number, maxBudget: number | null): number | null =>
  maxBudget === null || maxBudget <= 0 ? null : Math.round((spend / maxBudget) * 1000) / 10;

/** "in 3 d 4 h" until LiteLLM resets the spend. */
export const timeToReset = (resetAt: string | null, now: number): string | null => {
  if (!resetAt) return null;
  const ms = new Date(resetAt).getTime() - now;
  if (!Number.isFinite(ms)) return null;
  if (ms <= 0) return 'due now';
  const h = Math.floor(ms / 3_600_000);
  return h >= 24
    ? `in ${Math.floor(h / 24)} d ${h % 24} h`
    : `in ${h} h ${Math.floor((ms % 3_600_000) / 60_000)} min`;
};
