/** What the doctor and the dashboard say about LiteLLM's spend-log table. */
export interface SpendLogGrowth {
  rows: number;
  bytes: number;
  /** Calls per day over the last 7 days. */
  rowsPerDay: number;
  /** The table's size once 30 days of calls at today's rate are kept (the retention's steady state). */
  projectedBytes: number;
  /** Free space where Docker keeps the volume; null when it could not be read. */
  freeBytes: number | null;
}

/** Above this share of the free disk, the projection is a warning. */
export const growthWarnShare = 0.25;

/**
 * With a 30-day retention the table stops growing at 30 days of calls: project that size from the
 * last week's rate and the current bytes per row (indexes included).
 */
export const projectGrowth = (
  facts: { rows: number; bytes: number; rowsLast7Days: number },
  retentionDays: number,
  freeBytes: number | null,
): SpendLogGrowth => {
  const rowsPerDay = facts.rowsLast7Days / 7;
  const perRow = facts.rows > 0 ? facts.bytes / facts.rows : 0;
  return {
    rows: facts.rows,
    bytes: facts.bytes,
    rowsPerDay,
    projectedBytes: Math.round(rowsPerDay * retentionDays * perRow),
    freeBytes,
  };
};

const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;

/** A warning line with the fix when the projected table would take too much of the free disk. */
export const growthWarning = (g: SpendLogGrowth): string | null => {
  if (g.freeBytes === null || g.projectedBytes <= g.freeBytes * growthWarnShare) return null;
  return `LiteLLM's spend logs will need about ${gib(g.projectedBytes)} at ${Math.round(g.rowsPerDay)} calls/day kept 30 days, and the disk has ${gib(g.freeBytes)} free: keep store_prompts_in_spend_logs off (compose/litellm/config.yaml), or free space where Docker keeps its volumes.`;
};
