import type { GpuMinute, LifeClass } from './gpu-minutes';

export interface LifeStateEnergy {
  state: LifeClass;
  minutes: number;
  /** Mean over the minutes in this state, all cards together. */
  meanPowerW: number | null;
  meanMemoryMiB: number | null;
}

export interface LifecycleEnergy {
  byState: LifeStateEnergy[];
  /**
   * What sleeping saved this week: for every minute with a model asleep, the all-awake mean power
   * less that minute's, in watt-hours. null until both an all-awake minute and a sleeping one were
   * seen (there is nothing to compare with).
   */
  savedWh: number | null;
}

const states: readonly LifeClass[] = ['awake', 'some-asleep', 'asleep'];

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;

/** The week's minutes (every card) split by the models' lifecycle: power and memory, and the saving. */
export const lifecycleEnergy = (rows: readonly GpuMinute[]): LifecycleEnergy => {
  // Sum the cards of each minute first: the saving is the whole machine's.
  const byMinute = new Map<
    number,
    { life: LifeClass; power: number | null; memory: number | null }
  >();
  for (const r of rows) {
    if (!r.life) continue;
    const cur = byMinute.get(r.minute) ?? { life: r.life, power: null, memory: null };
    if (r.powerMeanW !== null) cur.power = (cur.power ?? 0) + r.powerMeanW;
    if (r.memoryMeanMiB !== undefined && r.memoryMeanMiB !== null)
      cur.memory = (cur.memory ?? 0) + r.memoryMeanMiB;
    byMinute.set(r.minute, cur);
  }
  const minutes = [...byMinute.values()];
  const byState = states.map((state) => {
    const these = minutes.filter((m) => m.life === state);
    return {
      state,
      minutes: these.length,
      meanPowerW: mean(these.flatMap((m) => (m.power === null ? [] : [m.power]))),
      meanMemoryMiB: mean(these.flatMap((m) => (m.memory === null ? [] : [m.memory]))),
    };
  });
  const awakeW = byState[0]?.meanPowerW ?? null;
  const sleeping = minutes.filter((m) => m.life !== 'awake' && m.power !== null);
  if (awakeW === null || sleeping.length === 0) return { byState, savedWh: null };
  const wattMinutes = sleeping.reduce((n, m) => n + Math.max(0, awakeW - (m.power ?? awakeW)), 0);
  return { byState, savedWh: Math.round((wattMinutes / 60) * 10) / 10 };
};

/** The class of a lifecycle snapshot's models (null: no wake service, or no model). */
export const lifeClassOf = (
  models: readonly { state: string; canSleep: boolean }[] | null,
): LifeClass | null => {
  if (!models || models.length === 0) return null;
  const asleep = models.filter((m) => m.state === 'asleep' || m.state === 'stopped').length;
  return asleep === 0 ? 'awake' : asleep === models.length ? 'asleep' : 'some-asleep';
};
