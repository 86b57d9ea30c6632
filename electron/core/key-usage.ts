import type { SpendLogRow } from '../shared/litellm';
import type { KeyView, UsageRow } from '../shared/keys';
import { budgetUsedPercent, type ModelPrice, suggestBudget, timeToReset } from './key-policy';
import { percentile } from './percentile';

const monthStart = (now: number): number => {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** Per key usage from its row and its spend logs (grouped once, not one call per key). */
export const usageRows = (
  keys: readonly KeyView[],
  logs: readonly SpendLogRow[],
  prices: readonly ModelPrice[],
  now: number,
): UsageRow[] => {
  const byKey = new Map<string, SpendLogRow[]>();
  for (const l of logs) {
    const list = byKey.get(l.api_key);
    if (list) list.push(l);
    else byKey.set(l.api_key, [l]);
  }
  const priceOf = new Map(prices.map((p) => [p.model, p]));
  return keys.map((k): UsageRow => {
    const mine = byKey.get(k.tokenHash) ?? [];
    const tokens = mine.map((l) => l.total_tokens);
    const lastMinute = mine.filter((l) => new Date(l.startTime).getTime() >= now - 60_000).length;
    const thisMonth = mine.filter((l) => new Date(l.startTime).getTime() >= monthStart(now));
    const saved = thisMonth.reduce((a, l) => {
      const p = priceOf.get(l.model_group ?? '') ?? priceOf.get(l.model);
      return (
        a +
        (p ? l.prompt_tokens * p.inputPerToken + l.completion_tokens * p.outputPerToken : l.spend)
      );
    }, 0);
    const perDay = new Map<string, number>();
    for (const l of mine)
      perDay.set(l.startTime.slice(0, 10), (perDay.get(l.startTime.slice(0, 10)) ?? 0) + l.spend);
    const days =
      mine.length === 0
        ? 0
        : Math.floor(
            (now - Math.min(...mine.map((l) => new Date(l.startTime).getTime()))) / 86_400_000,
          ) + 1;
    // Days with no call count as $0: the suggestion is for the month, quiet days included.
    const daily = Array.from(
      { length: days },
      (_, i) => perDay.get(new Date(now - i * 86_400_000).toISOString().slice(0, 10)) ?? 0,
    );
    return {
      alias: k.alias,
      tokenHash: k.tokenHash,
      spend: k.spend,
      maxBudget: k.maxBudget,
      budgetUsedPercent: budgetUsedPercent(k.spend, k.maxBudget),
      resetsIn: timeToReset(k.budgetResetAt, now),
      callsPerMinute: lastMinute,
      tokensPerCall: {
        p50: percentile(tokens, 50),
        p95: percentile(tokens, 95),
        max: tokens.length ? Math.max(...tokens) : null,
      },
      savedThisMonthUsd: Math.round(saved * 1e6) / 1e6,
      suggestedBudgetUsd: suggestBudget(daily),
    };
  });
};
