// The operator's lifecycle settings, checked once for every face and for the wake service: an
// idle time or a VRAM margin out of range is refused with the range, never clamped.

export const idleMinutesRange = { min: 0, max: 1440 } as const;
export const vramMarginRange = { min: 0, max: 50 } as const;
export const defaultIdleMinutes = 15;
export const defaultVramMarginPercent = 10;

export interface ModelLifecycleSettings {
  /** Minutes without a request before the model sleeps; 0: never. */
  idleMinutes: number;
  pinned: boolean;
}

const inRange = (v: number, r: { min: number; max: number }) =>
  Number.isInteger(v) && v >= r.min && v <= r.max;

/** null when fine, else the reason, which says the range ("must be ..."; a face puts its label first). */
export const idleMinutesProblem = (v: number): string | null =>
  inRange(v, idleMinutesRange)
    ? null
    : `must be a whole number of minutes from ${idleMinutesRange.min} (never sleep) to ${idleMinutesRange.max} (a day)`;

export const vramMarginProblem = (v: number): string | null =>
  inRange(v, vramMarginRange)
    ? null
    : `must be a whole percentage from ${vramMarginRange.min} to ${vramMarginRange.max}`;

/** The VRAM the models may share: the card less the margin kept for the desktop and others. */
export const vramBudgetMiB = (cardMiB: number, marginPercent: number): number =>
  Math.floor((cardMiB * (100 - marginPercent)) / 100);
