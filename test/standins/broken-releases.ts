// STANDIN_BROKEN, shared by the vLLM and LiteLLM stand-ins: which "broken release" variants to
// play, each an incompatibility real releases have shipped, for hagw compat to catch.

/** The comma list, unknown names refused so a typo cannot pass as a good release. */
export const parseBroken = <T extends string>(
  raw: string | undefined,
  known: readonly T[],
): T[] => {
  const names = (raw ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const n of names)
    if (!known.includes(n as T))
      throw new Error(`STANDIN_BROKEN: unknown "${n}" (known: ${known.join(', ')})`);
  return names as T[];
};
