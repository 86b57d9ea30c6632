// The GPU alert thresholds an operator may move, each within a range that still protects the
// card. The card's own slowdown temperature is a hardware fact and never editable; what is
// editable is how early to warn before it, when a zero-RPM fan must have started, and how much
// hotter one of two twin cards may run. Only what the operator changed is stored, so a better
// default in a later release still reaches everyone else.

export interface GpuAlertLimits {
  /** Warn this many °C below the card's slowdown temperature. */
  marginC: number;
  /** A fan at 0 % must have spun up by this temperature; null: from the card (55-65 °C). */
  spinUpC: number | null;
  /** Two cards of one model at similar power: warn when one runs this much hotter. */
  siblingGapC: number;
}

export type GpuAlertLimitName = keyof GpuAlertLimits;

export const defaultGpuAlertLimits: GpuAlertLimits = { marginC: 5, spinUpC: null, siblingGapC: 10 };

/**
 * Whole °C. The bounds: a 2 °C margin still leaves one reading's noise before slowdown, 20 °C
 * warns at 75 °C on a 95 °C card (earlier is a false alarm under normal load); a fan that stays
 * off past 80 °C is already broken; twins 5 °C apart is airflow noise, 30 °C is a dead cooler.
 */
export const gpuAlertLimitRanges: Record<GpuAlertLimitName, { min: number; max: number }> = {
  marginC: { min: 2, max: 20 },
  spinUpC: { min: 45, max: 80 },
  siblingGapC: { min: 5, max: 30 },
};

/** What each one is called where a person sets it (the Settings form, `hagw gpu limits`). */
export const gpuAlertLimitLabels: Record<GpuAlertLimitName, string> = {
  marginC: 'Warn this many °C below the slowdown temperature',
  spinUpC: 'A fan at 0 % must spin up by (°C)',
  siblingGapC: 'Warn when a twin card runs hotter by (°C)',
};

export type GpuAlertLimitsChange = Partial<GpuAlertLimits>;

const names = Object.keys(gpuAlertLimitRanges) as GpuAlertLimitName[];

/** Why one value is refused, with its range; null when it is allowed. */
const refusal = (name: GpuAlertLimitName, v: unknown): string | null => {
  if (name === 'spinUpC' && v === null) return null;
  const { min, max } = gpuAlertLimitRanges[name];
  const ok = typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  if (ok) return null;
  const auto = name === 'spinUpC' ? ' (or automatic)' : '';
  return `${gpuAlertLimitLabels[name]}: ${JSON.stringify(v)} is out of range; allowed ${min}-${max} °C, whole degrees${auto}.`;
};

/** Every refusal in a change (unknown names included), or an empty list when all of it is allowed. */
export const checkGpuAlertLimits = (change: Readonly<Record<string, unknown>>): string[] =>
  Object.entries(change).flatMap(([k, v]) =>
    (names as string[]).includes(k)
      ? (refusal(k as GpuAlertLimitName, v) ?? [])
      : [`"${k}" is not a GPU alert setting; these are: ${names.join(', ')}.`],
  );

/**
 * The limits in force from what settings.json holds: a stored value out of range (a hand edit)
 * is not used, the default is, and `ignored` says which, so the operator is told, not surprised.
 */
export const resolveGpuAlertLimits = (
  stored: Readonly<Record<string, unknown>> | undefined,
): { limits: GpuAlertLimits; ignored: string[] } => {
  const limits = { ...defaultGpuAlertLimits };
  const ignored: string[] = [];
  for (const name of names) {
    if (stored?.[name] === undefined) continue;
    const why = refusal(name, stored[name]);
    if (why) ignored.push(`${why} The default is used.`);
    else Object.assign(limits, { [name]: stored[name] });
  }
  return { limits, ignored };
};

/** The zero-RPM spin-up temperature for a card: the operator's, else from its target temperature. */
export const spinUpAt = (limits: GpuAlertLimits, targetC: number): number =>
  limits.spinUpC ?? Math.max(55, Math.min(65, targetC - 15));
