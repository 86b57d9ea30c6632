// "Free the GPU" on its own when another program uses the card heavily (a game, ComfyUI), and
// "Resume" once that program has gone. Pure: fed nvidia-smi's compute processes that are not the
// stack's own, it says what to do. It never undoes the operator: a GPU the operator freed is left
// freed, and a resume happens only after an automatic free.

export interface ComputeApp {
  pid: number;
  name: string;
  usedMiB: number;
}

export interface AutoFreeState {
  /** The program the GPU was freed for; null when the app did not free it. */
  freedFor: ComputeApp | null;
}

export type AutoFreeStep =
  { do: 'free'; app: ComputeApp } | { do: 'resume'; app: ComputeApp } | { do: 'nothing' };

/** Foreign programs at or above this much VRAM are "heavy" (a desktop compositor uses less). */
export const heavyMiB = 1024;

/**
 * `foreign`: compute processes not in the stack's containers. `operatorFreed`: the GPU is freed
 * already and not by this rule.
 */
export const autoFreeStep = (
  s: AutoFreeState,
  foreign: readonly ComputeApp[],
  operatorFreed: boolean,
): AutoFreeStep => {
  const heavy = [...foreign]
    .filter((a) => a.usedMiB >= heavyMiB)
    .sort((a, b) => b.usedMiB - a.usedMiB);
  if (s.freedFor === null) {
    if (operatorFreed || heavy.length === 0) return { do: 'nothing' };
    return { do: 'free', app: heavy[0]! };
  }
  // Freed for a program: resume once no heavy foreign program is left.
  return heavy.length === 0 ? { do: 'resume', app: s.freedFor } : { do: 'nothing' };
};

/**
 * nvidia-smi --query-compute-apps=pid,process_name,used_memory --format=csv,noheader,nounits:
 * "4242, /usr/bin/python3, 8120" per process; "[N/A]" memory (some drivers for graphics-only
 * processes) counts as 0; anything else is skipped.
 */
export const parseComputeApps = (text: string): ComputeApp[] =>
  text
    .split('\n')
    .map((l) => l.split(',').map((c) => c.trim()))
    .filter((c) => c.length >= 3 && /^\d+$/.test(c[0] ?? ''))
    .map((c) => ({
      pid: Number(c[0]),
      name: c.slice(1, -1).join(',').trim(),
      usedMiB: /^\d+$/.test(c.at(-1) ?? '') ? Number(c.at(-1)) : 0,
    }));
