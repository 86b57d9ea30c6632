import type { Checked } from './key-policy';
import type { SpendLogRow } from '../shared/litellm';
import type { AuditCall } from '../shared/models';

/** How far back `hagw audit --since` may reach: the trail itself is kept 30 days. */
export const auditRetentionDays = 30;

/** "24h", "7d", "90m" -> ms, within the 30 days the trail keeps. */
export const parseSince = (v: string): Checked<number> => {
  const m = /^(\d{1,5})(m|h|d)$/.exec(v.trim());
  const ms = m
    ? Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd']
    : NaN;
  if (!(ms > 0) || ms > auditRetentionDays * 86_400_000)
    return {
      ok: false,
      error: `--since "${v}" is not a duration of 1m to ${auditRetentionDays}d; e.g. 90m, 24h, 7d.`,
    };
  return { ok: true, value: ms };
};

/** LiteLLM's query time: "YYYY-MM-DD HH:MM:SS", UTC. */
export const sqlTime = (t: Date): string => t.toISOString().slice(0, 19).replace('T', ' ');

/** One spend-log row as the audit shows it: never the prompt, only what the call was and cost. */
export const toAuditCall = (
  row: SpendLogRow,
  aliasOf: (hash: string) => string | null,
): AuditCall => {
  const started = Date.parse(row.startTime);
  const ended = Date.parse(row.endTime);
  const recorded = (row as { request_duration_ms?: unknown }).request_duration_ms;
  return {
    at: new Date(started).toISOString(),
    app: row.metadata?.user_api_key_alias ?? aliasOf(row.api_key),
    model: row.model_group || row.model,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    status: row.status === undefined || row.status === 'success' ? 'success' : 'error',
    durationMs:
      typeof recorded === 'number'
        ? recorded
        : Number.isFinite(ended - started)
          ? Math.max(0, ended - started)
          : null,
    cost: row.spend,
  };
};

export interface AuditFilter {
  app?: string;
  model?: string;
  status?: 'success' | 'error';
}

export const matchesAudit = (c: AuditCall, f: AuditFilter): boolean =>
  (f.app === undefined || c.app === f.app) &&
  (f.model === undefined || c.model === f.model) &&
  (f.status === undefined || c.status === f.status);
