// Young releases wait. A digest that appeared hours ago is the one a compromised publisher would
// ship (LiteLLM's PyPI 1.82.7 and 1.82.8 carried a credential stealer for about five hours in March
// 2026), so an update takes a new digest only once its image has been public for N days. Pure.

export const defaultMinImageAgeDays = 7;
const day = 86_400_000;

export interface ReleaseAge {
  eligible: boolean;
  /** When it may be taken (ISO); null when its age is unknown. */
  eligibleAt: string | null;
  /** Whole days since it was made; null when unknown. */
  ageDays: number | null;
}

/**
 * `since` is the image's creation date from its registry config (or, for an offer not yet pulled,
 * the day the daily check first saw the digest). Unknown or in the future: not eligible.
 */
export const releaseAge = (since: string | null, now: number, minDays: number): ReleaseAge => {
  const t = since ? Date.parse(since) : NaN;
  if (!Number.isFinite(t) || t > now + day)
    return { eligible: false, eligibleAt: null, ageDays: null };
  const at = t + minDays * day;
  return {
    eligible: now >= at,
    eligibleAt: new Date(at).toISOString(),
    ageDays: Math.max(0, Math.floor((now - t) / day)),
  };
};

/** What --allow-young says before it takes a young image anyway. */
export const youngReleaseRisk =
  'taking a release younger than the wait: a compromised publish (LiteLLM 1.82.7 and 1.82.8 on PyPI, March 2026) is usually found and pulled within days, and this skips that protection';
