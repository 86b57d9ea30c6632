import { GatewayError, toErrorInfo } from '../core/gateway-error';
import { type AuditFilter, matchesAudit, sqlTime, toAuditCall } from '../core/audit-calls';
import type { AuditReport } from '../shared/models';
import type { LiteLlmClient } from '../node/services/litellm-client';

/** 100 rows a page; 300 pages is 30,000 calls, more than a month of a busy homelab's traffic. */
export const maxAuditPages = 300;

/**
 * `hagw audit` and the dashboard's audit view: every call in a time window from LiteLLM's spend
 * logs (/spend/logs/ui, paged), filtered, newest first. When LiteLLM does not answer, the last
 * answer this process had is shown, marked stale.
 */
export class AuditService {
  /** The last answer per filter, shown (stale) while LiteLLM does not answer. */
  private readonly last = new Map<string, AuditReport>();

  constructor(
    private readonly deps: {
      litellm: LiteLlmClient;
      keyRows: () => Promise<readonly { token: string; key_alias: string | null }[]>;
      now: () => Date;
    },
  ) {}

  async list(o: AuditFilter & { sinceMs: number }): Promise<AuditReport> {
    const key = JSON.stringify([o.app, o.model, o.status, o.sinceMs]);
    try {
      const now = this.deps.now().getTime();
      const start = new Date(now - o.sinceMs);
      // The query is to the second: round the end up, or a call made this second is left out.
      const end = new Date(now + 1000);
      const aliases = new Map(
        (await this.deps.keyRows().catch(() => [])).map((k) => [k.token, k.key_alias]),
      );
      const calls = [];
      for (let page = 1; ; page++) {
        if (page > maxAuditPages)
          throw new GatewayError(
            'LITELLM_TOO_MANY_PAGES',
            `More than ${maxAuditPages * 100} calls in that window; narrow it with --since.`,
          );
        const r = await this.deps.litellm.spendLogsPage(sqlTime(start), sqlTime(end), page, 100);
        for (const row of r.data) {
          const c = toAuditCall(row, (h) => aliases.get(h) ?? null);
          if (matchesAudit(c, o)) calls.push(c);
        }
        if (page >= r.total_pages || r.data.length === 0) break;
      }
      calls.sort((a, b) => b.at.localeCompare(a.at));
      const report = { calls, stale: false, error: null };
      if (this.last.size > 20) this.last.clear();
      this.last.set(key, report);
      return report;
    } catch (e) {
      const error = toErrorInfo(e).message;
      const last = this.last.get(key);
      return last ? { ...last, stale: true, error } : { calls: [], stale: false, error };
    }
  }
}
