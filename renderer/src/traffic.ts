import type { AuditCall } from '../../electron/shared/models';

/** Calls per minute over the last `minutes`, oldest first, for a sparkline (x in seconds). */
export const callsPerMinute = (
  calls: readonly AuditCall[],
  nowMs: number,
  minutes = 60,
): { t: number[]; n: number[] } => {
  const endMinute = Math.floor(nowMs / 60_000);
  const t = Array.from({ length: minutes }, (_, i) => (endMinute - (minutes - 1 - i)) * 60);
  const n = new Array<number>(minutes).fill(0);
  for (const c of calls) {
    const i = minutes - 1 - (endMinute - Math.floor(Date.parse(c.at) / 60_000));
    if (i >= 0 && i < minutes) n[i]!++;
  }
  return { t, n };
};

/** The bin a token count falls in: 0-127 together, then 128-255, 256-511, ... */
export const binIndex = (tokens: number): number =>
  Math.max(0, Math.floor(Math.log2(Math.max(1, tokens))) - 6);

/**
 * Tokens per call in power-of-two bins, because the interesting part is the long tail: one huge
 * prompt is "often a bug somewhere".
 */
export const tokenHistogram = (
  calls: readonly AuditCall[],
): { from: number; to: number; count: number }[] => {
  const sizes = calls.map((c) => c.promptTokens + c.completionTokens);
  if (sizes.length === 0) return [];
  const bins = Array.from({ length: binIndex(Math.max(...sizes)) + 1 }, (_, i) => ({
    from: i === 0 ? 0 : 2 ** (i + 6),
    to: 2 ** (i + 7) - 1,
    count: 0,
  }));
  for (const n of sizes) bins[binIndex(n)]!.count++;
  return bins;
};
