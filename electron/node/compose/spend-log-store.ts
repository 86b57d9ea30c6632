import { GatewayError } from '../../core/gateway-error';
import { sqlTime } from '../../core/audit-calls';
import type { Clock } from '../../core/ports';

/** Runs one SQL statement in LiteLLM's database and returns psql's unaligned output (-At). */
export type SqlRunner = (sql: string) => Promise<string>;

/** Rows deleted per statement, and statements per run: a run never holds a long lock or runs long. */
export const pruneBatchRows = 1000;
export const pruneMaxBatches = 200;

const table = '"LiteLLM_SpendLogs"';

/**
 * The 30-day audit trail, kept by the app: the pinned LiteLLM's own cleanup
 * (maximum_spend_logs_retention_period) only runs with a Redis cache for its pod lock, which the
 * bundled stack does not give it, so it would silently never delete anything.
 */
export class SpendLogStore {
  constructor(
    private readonly sql: SqlRunner,
    private readonly clock: Clock,
    readonly retentionDays = 30,
  ) {}

  /** Deletes calls older than the retention in batches; returns how many went. */
  async prune(): Promise<{ deleted: number; more: boolean }> {
    const cutoff = sqlTime(new Date(this.clock.now() - this.retentionDays * 86_400_000));
    let deleted = 0;
    for (let i = 0; i < pruneMaxBatches; i++) {
      const out = await this.sql(
        `WITH doomed AS (SELECT request_id FROM ${table} WHERE "startTime" < '${cutoff}'::timestamp LIMIT ${pruneBatchRows}) DELETE FROM ${table} s USING doomed d WHERE s.request_id = d.request_id`,
      );
      const n = Number(/DELETE (\d+)/.exec(out)?.[1] ?? NaN);
      if (!Number.isFinite(n))
        throw new GatewayError(
          'PRUNE_FAILED',
          `Pruning spend logs: psql said "${out.trim().slice(0, 200)}".`,
        );
      deleted += n;
      if (n < pruneBatchRows) return { deleted, more: false };
    }
    return { deleted, more: true };
  }

  /** Rows, bytes on disk (indexes included) and the last 7 days' rows. */
  async facts(): Promise<{ rows: number; bytes: number; rowsLast7Days: number }> {
    const weekAgo = sqlTime(new Date(this.clock.now() - 7 * 86_400_000));
    const out = await this.sql(
      `SELECT count(*), pg_total_relation_size('${table}'), count(*) FILTER (WHERE "startTime" >= '${weekAgo}'::timestamp) FROM ${table}`,
    );
    const [rows, bytes, week] = out.trim().split('|').map(Number);
    if (![rows, bytes, week].every((v) => Number.isFinite(v)))
      throw new GatewayError(
        'SPEND_LOG_FACTS',
        `Reading the spend-log table: psql said "${out.trim().slice(0, 200)}".`,
      );
    return { rows: rows!, bytes: bytes!, rowsLast7Days: week! };
  }
}
