import type { KeysReport, UsageRow } from '../shared/keys';
import type { SpendLogRow } from '../shared/litellm';
import type { Observation } from './alert-engine';
import { percentile } from './percentile';

const thresholds = [100, 80, 50] as const;

/**
 * Key observations for the alert engine. Budget alerts carry the budget period in their id, so
 * each threshold notifies once per period and again after budget_reset_at moves. Nothing is
 * observed from stale data: a LiteLLM that stopped answering must not page about old numbers.
 */
export const keyObservations = (
  report: KeysReport,
  usage: readonly UsageRow[],
  o: {
    runawayCapPerMinute: number | null;
    medianCallsPerMinute: ReadonlyMap<string, number>;
    logs: readonly SpendLogRow[];
  },
): Observation[] => {
  if (report.stale) return [];
  const out: Observation[] = [];
  for (const k of report.keys) {
    const name = k.alias ?? k.tokenHash.slice(0, 8);
    const pct = k.budgetUsedPercent;
    const hit = pct === null ? undefined : thresholds.find((t) => pct >= t);
    if (hit !== undefined) {
      out.push({
        id: `keys:budget:${k.tokenHash}:${hit}:${k.budgetResetAt ?? 'none'}`,
        severity: hit === 100 ? 'critical' : 'warning',
        source: 'keys',
        title: hit === 100 ? `${name} is out of budget` : `${name} used ${hit} % of its budget`,
        message:
          hit === 100
            ? `LiteLLM now refuses ${name} (budget_exceeded): $${k.spend.toFixed(4)} of $${k.maxBudget ?? 0}. Raise it with hagw keys update ${name} --budget N, or wait for the reset.`
            : `${name} has spent $${k.spend.toFixed(4)} of $${k.maxBudget ?? 0} (${pct} %) this period.`,
        actions: [{ id: 'open-view', label: 'Open' }],
      });
    }
  }
  for (const u of usage) {
    const name = u.alias ?? u.tokenHash.slice(0, 8);
    const median = o.medianCallsPerMinute.get(u.tokenHash) ?? 0;
    const runaway =
      (u.callsPerMinute > 30 && u.callsPerMinute > 5 * median) ||
      (o.runawayCapPerMinute !== null && u.callsPerMinute > o.runawayCapPerMinute);
    if (runaway) {
      out.push({
        id: `keys:runaway:${u.tokenHash}`,
        severity: 'critical',
        source: 'keys',
        title: `${name} looks like a runaway script`,
        message: `${u.callsPerMinute} calls in the last minute against a usual ${median}/min.`,
        actions: [{ id: 'block-key', label: 'Block key' }],
        ...(u.alias ? { target: u.alias } : {}),
      });
    }
    // The latest call against the p95 of the calls before it (it must not raise its own bar).
    const [latest, ...before] = o.logs
      .filter((l) => l.api_key === u.tokenHash)
      .sort((a, b) => b.startTime.localeCompare(a.startTime));
    const p95 =
      before.length >= 5
        ? percentile(
            before.map((l) => l.total_tokens),
            95,
          )
        : null;
    if (p95 !== null && latest && latest.total_tokens > 10 * p95) {
      out.push({
        id: `keys:outlier:${latest.request_id}`,
        severity: 'warning',
        source: 'keys',
        title: `${name}: a very long call`,
        message: `One call used ${latest.total_tokens} tokens, over 10x this key's p95 of ${p95}.`,
      });
    }
  }
  return out;
};
