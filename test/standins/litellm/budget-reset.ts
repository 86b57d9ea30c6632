// LiteLLM's standardized budget resets: "1d" at the next midnight UTC, "7d" on the next Monday,
// "30d"/"1mo" on the 1st of the next month (the key_info fixture: created 2026-05-02, resets
// 2026-06-01T00:00:00+00:00); anything else after the plain duration.

const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const nextBudgetReset = (duration: string, now: Date): Date => {
  const y = now.getUTCFullYear();
  const mo = now.getUTCMonth();
  const d = now.getUTCDate();
  if (duration === '30d' || duration === '1mo') return new Date(Date.UTC(y, mo + 1, 1));
  if (duration === '1d' || duration === '24h') return new Date(Date.UTC(y, mo, d + 1));
  if (duration === '7d') {
    const daysToMonday = (8 - now.getUTCDay()) % 7 || 7;
    return new Date(Date.UTC(y, mo, d + daysToMonday));
  }
  const m = /^(\d+)(s|m|h|d|mo)$/.exec(duration);
  if (!m) throw new Error(`bad budget_duration ${duration}`);
  if (m[2] === 'mo') return new Date(Date.UTC(y, mo + Number(m[1]), 1));
  return new Date(now.getTime() + Number(m[1]) * (unitMs[m[2]!] ?? 0));
};

/** LiteLLM prints budget_reset_at with "+00:00", not "Z". */
export const litellmIso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
