// GPU health rules: pure functions of (previous state, the latest samples, now). Hard faults
// raise at once; sustained conditions need a minimum duration; every threshold has hysteresis
// (raise at X, clear only below X - 5 °C), so one hot sample pages nobody and nothing flaps.
import { defaultGpuAlertLimits, type GpuAlertLimits, spinUpAt } from './gpu-alert-limits';
import { valueOf } from './gpu-reading';
import { type GpuThresholds, fallbackThresholds, normalizeBusId } from './gpu-thresholds';
import type { GpuSample } from './nvsmi-line';

export type Severity = 'info' | 'warning' | 'critical';

export interface GpuFinding {
  id: string;
  severity: Severity;
  /** The card (bus id) the finding is about, or null for the whole machine. */
  busId: string | null;
  message: string;
}

interface Point {
  at: number;
  temp: number | null;
  fan: number | null;
  power: number | null;
  limit: number | null;
}

interface CardState {
  history: Point[];
  everNumericFan: boolean;
}

export interface GpuHealthState {
  cards: Record<string, CardState>;
  /** rule id -> since (raised) */
  active: Record<string, number>;
  /** rule id -> since (condition true, minimum duration not reached yet) */
  pending: Record<string, number>;
  maxCount: number;
}

export const initialGpuHealth = (): GpuHealthState => ({
  cards: {},
  active: {},
  pending: {},
  maxCount: 0,
});

const historyMs = 10 * 60_000;
const minute = 60_000;

const card = (s: GpuSample): Point => ({
  at: s.at,
  temp: valueOf(s.temperatureC),
  fan: valueOf(s.fanPercent),
  power: valueOf(s.powerW),
  limit: valueOf(s.powerLimitW),
});

/** °C per minute over the points of the last `windowMs`, least squares; null with too little data. */
export const tempSlope = (
  points: readonly Point[],
  now: number,
  windowMs: number,
): number | null => {
  const pts = points.filter((p) => p.at >= now - windowMs && p.temp !== null);
  if (pts.length < 3 || (pts.at(-1)?.at ?? 0) - (pts[0]?.at ?? 0) < windowMs * 0.6) return null;
  const xs = pts.map((p) => (p.at - now) / minute);
  const ys = pts.map((p) => p.temp!);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((a, x, i) => a + (x - mx) * ((ys[i] ?? 0) - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? null : num / den;
};

/** `ok` has held for at least `windowMs`: a sample that old exists and every one since satisfies it. */
const sustained = (
  points: readonly Point[],
  now: number,
  windowMs: number,
  ok: (p: Point) => boolean,
): boolean => {
  const anchor = points.findLastIndex((p) => p.at <= now - windowMs);
  return anchor >= 0 && points.slice(anchor).every(ok);
};

interface Condition {
  id: string;
  severity: Severity;
  busId: string | null;
  message: string;
  /** true: the fault is present; false: cleared (past the hysteresis); null: keep as it is. */
  state: boolean | null;
  /** How long `state` must hold before the finding is raised (0: at once). */
  minMs: number;
}

const label = (s: GpuSample) => `GPU ${s.index} (${s.name}, ${s.busId})`;

const cardConditions = (
  s: GpuSample,
  st: CardState,
  th: GpuThresholds,
  limits: GpuAlertLimits,
  now: number,
): Condition[] => {
  const bus = normalizeBusId(s.busId);
  const t = valueOf(s.temperatureC);
  const fan = valueOf(s.fanPercent);
  const slow = th.slowdownC ?? fallbackThresholds.slowdownC!;
  const target = th.targetC ?? fallbackThresholds.targetC!;
  // Zero-RPM idle is normal below ~55 °C: never alert there (unless the operator says otherwise).
  const spinAt = spinUpAt(limits, target);
  const warnAt = slow - limits.marginC;
  const out: Condition[] = [];

  out.push({
    id: `fan-unreadable:${bus}`,
    severity: 'critical',
    busId: bus,
    message: `${label(s)}: the fan reading turned into "${s.fanPercent.kind === 'error' ? s.fanPercent.token : ''}" on a card that reported numbers; check the fan and its cable.`,
    state: st.everNumericFan ? s.fanPercent.kind === 'error' : false,
    minMs: 0,
  });
  // A fan that was never readable is no alarm at idle (some cards and drivers never report it),
  // but a card under load whose cooling nothing can see is: a warning from the first reading.
  const power = valueOf(s.powerW);
  const limit = valueOf(s.powerLimitW);
  const util = valueOf(s.utilizationPercent);
  const loadedNow =
    (power !== null && limit !== null && limit > 0 && power >= 0.4 * limit) ||
    (util !== null && util >= 50);
  const fanError = s.fanPercent.kind === 'error' ? s.fanPercent.token : null;
  out.push({
    id: `fan-unknown-under-load:${bus}`,
    severity: 'warning',
    busId: bus,
    message: `${label(s)} draws ${power ?? '?'} W at ${util ?? '?'} % while its fan reads "${fanError ?? ''}": nothing here can tell whether it is cooled. Look at the fan, and at nvidia-smi -q -d FAN.`,
    state: st.everNumericFan
      ? false
      : fanError !== null && loadedNow
        ? true
        : fanError === null || !loadedNow
          ? false
          : null,
    minMs: 0,
  });
  out.push({
    id: `hw-thermal-slowdown:${bus}`,
    severity: 'critical',
    busId: bus,
    message: `${label(s)} is in hardware thermal slowdown: it is too hot and the card itself throttles. Check the fans, the airflow and the dust.`,
    state: s.hwThermal,
    minMs: 0,
  });
  out.push({
    id: `near-slowdown:${bus}`,
    severity: 'critical',
    busId: bus,
    message: `${label(s)} is at ${t ?? '?'} °C, within ${limits.marginC} °C of its slowdown temperature (${slow} °C${th.source === 'fallback' ? ', a fallback: the card reports none' : ''}).`,
    state: t === null ? null : t >= warnAt ? true : t < warnAt - 5 ? false : null,
    minMs: 0,
  });
  const heavy = (p: Point) =>
    p.power !== null && p.limit !== null && p.limit > 0 && p.power >= 0.4 * p.limit;
  const loaded = sustained(st.history, now, 3 * minute, heavy);
  const slope = tempSlope(st.history, now, 3 * minute);
  const climbing = slope !== null && slope > 0.5;
  const hotAndThrottled = t !== null && t >= target && s.swThermal === true;
  out.push({
    id: `fan-not-cooling:${bus}`,
    severity: 'warning',
    busId: bus,
    message: `${label(s)}: under sustained load the fan runs at ${fan ?? '?'} % yet the temperature ${climbing ? `still climbs (${slope.toFixed(1)} °C/min)` : `sits at ${t ?? '?'} °C with software thermal slowdown`}. A seized fan still reports its target speed: look at it, and clean the dust.`,
    state:
      fan === null || t === null
        ? null
        : loaded && fan >= 80 && (climbing || hotAndThrottled)
          ? true
          : fan < 75 || !loaded || (slope !== null && slope <= 0 && t < target - 5)
            ? false
            : null,
    minMs: 0,
  });
  out.push({
    id: `fan-not-spinning:${bus}`,
    severity: 'critical',
    busId: bus,
    message: `${label(s)} is at ${t ?? '?'} °C and its fan reports 0 %: it did not spin up (zero-RPM mode should end near ${spinAt} °C). Check the fan now.`,
    state:
      fan === null || t === null
        ? null
        : fan === 0 && t >= spinAt
          ? true
          : fan > 0 || t < spinAt - 5
            ? false
            : null,
    minMs: minute,
  });
  return out;
};

/** Two cards of the same model at similar power, one much hotter or its fan much harder. */
const siblingConditions = (samples: readonly GpuSample[], gapC: number): Condition[] => {
  const out: Condition[] = [];
  for (const a of samples) {
    for (const b of samples) {
      if (a === b || a.name !== b.name) continue;
      const ta = valueOf(a.temperatureC);
      const tb = valueOf(b.temperatureC);
      const fa = valueOf(a.fanPercent);
      const fb = valueOf(b.fanPercent);
      const pa = valueOf(a.powerW);
      const pb = valueOf(b.powerW);
      if (ta === null || tb === null || pa === null || pb === null || pb <= 0) continue;
      const similarPower = Math.abs(pa - pb) <= 0.15 * Math.max(pa, pb);
      const hotter = ta - tb;
      const harder = fa !== null && fb !== null ? fa - fb : 0;
      out.push({
        id: `sibling-mismatch:${normalizeBusId(a.busId)}`,
        severity: 'warning',
        busId: normalizeBusId(a.busId),
        message: `${label(a)} runs ${hotter.toFixed(0)} °C hotter${harder > 0 ? ` with its fan ${harder.toFixed(0)} points harder` : ''} than GPU ${b.index} at similar power: its cooler is losing (dust, a failing fan, blocked airflow).`,
        state: !similarPower
          ? false
          : hotter >= gapC || harder >= 20
            ? true
            : hotter < gapC - 5 && harder < 15
              ? false
              : null,
        minMs: 2 * minute,
      });
    }
  }
  return out;
};

export interface GpuHealthInput {
  samples: readonly GpuSample[];
  lost: readonly string[];
  thresholds: ReadonlyMap<string, GpuThresholds>;
  /** The operator's settings (Settings, `hagw gpu limits`); the defaults when absent. */
  limits?: GpuAlertLimits;
  now: number;
}

/** One evaluation step: the next state and every finding that is raised now. */
export const evaluateGpuHealth = (
  prev: GpuHealthState,
  input: GpuHealthInput,
): { state: GpuHealthState; findings: GpuFinding[] } => {
  const { now } = input;
  const limits = input.limits ?? defaultGpuAlertLimits;
  const cards: Record<string, CardState> = {};
  for (const [bus, st] of Object.entries(prev.cards))
    cards[bus] = { ...st, history: st.history.filter((p) => p.at >= now - historyMs) };
  for (const s of input.samples) {
    const bus = normalizeBusId(s.busId);
    const st = cards[bus] ?? { history: [], everNumericFan: false };
    cards[bus] = {
      history: [...st.history, card(s)],
      everNumericFan: st.everNumericFan || s.fanPercent.kind === 'value',
    };
  }
  const conditions: Condition[] = [];
  for (const bus of input.lost.map(normalizeBusId)) {
    conditions.push({
      id: `gpu-lost:${bus}`,
      severity: 'critical',
      busId: bus,
      message: `The GPU at ${bus} fell off the bus ("GPU is lost"). Reboot to recover it; if it repeats, reseat it and check its power cables.`,
      state: true,
      minMs: 0,
    });
  }
  const count = input.samples.length;
  const maxCount = Math.max(prev.maxCount, count + input.lost.length);
  conditions.push({
    id: 'gpu-count-dropped',
    severity: 'critical',
    busId: null,
    message: `nvidia-smi now lists ${count} GPU${count === 1 ? '' : 's'} where it listed ${maxCount}: a card disappeared.`,
    state: count < maxCount,
    minMs: 0,
  });
  for (const s of input.samples) {
    const bus = normalizeBusId(s.busId);
    conditions.push(
      ...cardConditions(
        s,
        cards[bus]!,
        input.thresholds.get(bus) ?? fallbackThresholds,
        limits,
        now,
      ),
    );
  }
  conditions.push(...siblingConditions(input.samples, limits.siblingGapC));

  const active = { ...prev.active };
  const pending = { ...prev.pending };
  const seen = new Set<string>();
  for (const c of conditions) {
    seen.add(c.id);
    if (c.state === true) {
      pending[c.id] ??= now;
      if (active[c.id] === undefined && now - (pending[c.id] ?? now) >= c.minMs)
        active[c.id] = pending[c.id] ?? now;
    } else if (c.state === false) {
      delete pending[c.id];
      delete active[c.id];
    }
  }
  // A lost card is gone from the samples but its finding stays until it is seen again.
  for (const id of Object.keys(active))
    if (!seen.has(id) && !id.startsWith('gpu-lost:')) delete active[id];
  for (const id of Object.keys(pending)) if (!seen.has(id)) delete pending[id];
  for (const s of input.samples) delete active[`gpu-lost:${normalizeBusId(s.busId)}`];

  const findings = conditions
    .filter((c) => active[c.id] !== undefined)
    .map(({ id, severity, busId, message }) => ({ id, severity, busId, message }));
  for (const id of Object.keys(active)) {
    if (id.startsWith('gpu-lost:') && !findings.some((f) => f.id === id)) {
      const bus = id.slice('gpu-lost:'.length);
      findings.push({
        id,
        severity: 'critical',
        busId: bus,
        message: `The GPU at ${bus} fell off the bus ("GPU is lost"). Reboot to recover it.`,
      });
    }
  }
  return { state: { cards, active, pending, maxCount }, findings };
};
