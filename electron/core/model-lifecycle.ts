// Which local model holds the card, decided without I/O. The wake service (electron/waker) keeps
// the world and carries out the actions; this file only says what to do next, so every rule (idle
// timers, pins, the VRAM budget and eviction order, grouping, the in-flight rule) is tested on a
// fake clock.
//
// The rules, in the order plan() applies them:
// - A held request older than the hold bound is expired (a 503 with Retry-After, by the service).
// - One transition at a time: while a model wakes or sleeps, only awake models are served. Two
//   cuMem remaps at once are where vLLM's sleep mode crashes (vllm-project/vllm#36753).
// - The next model to wake is the one whose oldest interactive request has waited longest; batch
//   requests wake a model only when no interactive request waits for any model.
// - Room comes from the VRAM budget (card x (1 - margin)). When the next model does not fit, the
//   least recently used awake model that is not pinned, can sleep, and is not the one waited for
//   goes to sleep: level 1 (weights to CPU RAM) when CPU RAM has room for its weights, else 2.
// - A model with requests in flight is never put to sleep: vLLM's /sleep aborts them (mode=abort)
//   and can kill the engine (vllm-project/vllm#45520). The wait is the drain.
// - Grouping: once a model has held the card for the quantum and another model waits for its
//   room, its new requests are held too (it "yields"), so the card changes hands once per group
//   instead of once per request when two apps alternate.
// - An idle model (no request for its idle time, nothing in flight or held) sleeps at level 1.
// - A model asked to sleep yields at once and sleeps as soon as nothing is in flight, before any
//   other move.

export type LifeState = 'awake' | 'asleep' | 'stopped' | 'waking' | 'sleeping';
/** unknown until the first sleep is tried; unsupported: vLLM was started without sleep mode. */
export type SleepSupport = 'unknown' | 'supported' | 'unsupported';

export interface LifeModel {
  name: string;
  /** VRAM the model holds awake (its gpu-memory-utilization of the card). */
  vramMiB: number;
  /** Its weights, what level 1 keeps in CPU RAM. */
  weightsMiB: number;
  /** 0: never sleeps for idleness. */
  idleMs: number;
  pinned: boolean;
  sleep: SleepSupport;
  state: LifeState;
  /** The level it sleeps at (0 when awake). */
  level: 0 | 1 | 2;
  inFlight: number;
  lastUsedAt: number;
  /** When it last became awake (the grouping quantum counts from here). */
  awakeSince: number;
  /** Asked to sleep (hagw models sleep, Free the GPU): it yields at once, sleeps when drained. */
  wantSleep?: boolean;
  /** Asked to wake (hagw models wake, Resume for the pinned ones): woken like a request would. */
  wantWake?: boolean;
}

export type RequestKind = 'interactive' | 'batch';

export interface HeldRequest {
  id: number;
  model: string;
  kind: RequestKind;
  since: number;
}

export interface LifeWorld {
  models: readonly LifeModel[];
  held: readonly HeldRequest[];
  budgetMiB: number;
  /** CPU RAM available for level-1 sleepers' weights (MemAvailable less a reserve). */
  cpuFreeMiB: number;
  /** What a sleeping vLLM keeps on the card (its CUDA context). */
  residualMiB: number;
  /** How long a model keeps the card before another's waiting requests make it yield. */
  quantumMs: number;
  /** The hold bound. */
  holdMs: number;
}

export type LifeAction =
  | { do: 'release'; model: string; ids: number[] }
  | { do: 'wake'; model: string }
  | { do: 'sleep'; model: string; level: 1 | 2; why: 'idle' | 'room' | 'asked' }
  | { do: 'expire'; model: string; ids: number[] }
  | { do: 'refuse'; model: string; ids: number[]; why: string };

export interface LifePlan {
  actions: LifeAction[];
  /** Awake models whose new requests must be held: another model waits for their room. */
  yielding: string[];
}

const heldFor = (w: LifeWorld, model: string) => w.held.filter((h) => h.model === model);

/** VRAM in use: awake and moving models hold theirs, sleeping ones their residual. */
export const usedMiB = (w: LifeWorld): number =>
  w.models.reduce(
    (n, m) => n + (m.state === 'asleep' ? w.residualMiB : m.state === 'stopped' ? 0 : m.vramMiB),
    0,
  );

/**
 * The model to wake next, or null: oldest interactive wait first, then one the operator asked to
 * wake, batch only when nothing else waits.
 */
export const nextToWake = (w: LifeWorld): LifeModel | null => {
  const waiting = w.models.filter(
    (m) =>
      (m.state === 'asleep' || m.state === 'stopped') &&
      (heldFor(w, m.name).length > 0 || m.wantWake === true),
  );
  // An asked wake ranks as an interactive wait younger than any request.
  const oldest = (m: LifeModel, kind?: RequestKind) =>
    Math.min(
      m.wantWake ? Number.MAX_SAFE_INTEGER : Infinity,
      ...heldFor(w, m.name)
        .filter((h) => !kind || h.kind === kind)
        .map((h) => h.since),
    );
  const interactive = waiting.filter(
    (m) => m.wantWake === true || heldFor(w, m.name).some((h) => h.kind === 'interactive'),
  );
  const pool = interactive.length > 0 ? interactive : waiting;
  const kind = interactive.length > 0 ? 'interactive' : undefined;
  return [...pool].sort((a, b) => oldest(a, kind) - oldest(b, kind))[0] ?? null;
};

const canSleep = (m: LifeModel) => !m.pinned && m.sleep !== 'unsupported';

/**
 * Who must sleep so that `target` fits: least recently used first. null when even every model that
 * may sleep would not make room (pinned or always-awake models hold the rest).
 */
export const victimsFor = (w: LifeWorld, target: LifeModel): LifeModel[] | null => {
  // The target's own residual is part of "used" while it sleeps; awake it holds its full share.
  const own = target.state === 'asleep' ? w.residualMiB : 0;
  let free = w.budgetMiB - (usedMiB(w) - own);
  if (target.vramMiB <= free) return [];
  const candidates = w.models
    .filter((m) => m.name !== target.name && m.state === 'awake' && canSleep(m))
    .sort((a, b) => a.lastUsedAt - b.lastUsedAt);
  const chosen: LifeModel[] = [];
  for (const m of candidates) {
    chosen.push(m);
    free += m.vramMiB - w.residualMiB;
    if (target.vramMiB <= free) return chosen;
  }
  return null;
};

/** Level 1 while CPU RAM holds the weights of every level-1 sleeper so far, else level 2. */
const levelsFor = (w: LifeWorld, victims: readonly LifeModel[]): (1 | 2)[] => {
  let room = w.cpuFreeMiB;
  return victims.map((v) => {
    if (v.weightsMiB <= room) {
      room -= v.weightsMiB;
      return 1;
    }
    return 2;
  });
};

export const planLifecycle = (w: LifeWorld, now: number): LifePlan => {
  const actions: LifeAction[] = [];
  const expired = w.held.filter((h) => now - h.since >= w.holdMs);
  for (const model of new Set(expired.map((h) => h.model)))
    actions.push({
      do: 'expire',
      model,
      ids: expired.filter((h) => h.model === model).map((h) => h.id),
    });
  const live: LifeWorld = { ...w, held: w.held.filter((h) => now - h.since < w.holdMs) };
  const moving = live.models.some((m) => m.state === 'waking' || m.state === 'sleeping');
  const yielding = new Set<string>(
    live.models.filter((m) => m.wantSleep && m.state === 'awake').map((m) => m.name),
  );
  const asked = moving
    ? undefined
    : live.models.find((m) => m.wantSleep && m.state === 'awake' && m.inFlight === 0);
  if (asked) {
    actions.push({
      do: 'sleep',
      model: asked.name,
      level: levelsFor(live, [asked])[0] ?? 2,
      why: 'asked',
    });
    return { actions, yielding: [...yielding] };
  }
  const next = moving ? null : nextToWake(live);
  if (next) {
    const victims = victimsFor(live, next);
    if (victims === null) {
      actions.push({
        do: 'refuse',
        model: next.name,
        ids: heldFor(live, next.name).map((h) => h.id),
        why: `${next.name} needs ${next.vramMiB} MiB and the models that cannot sleep leave less of the ${live.budgetMiB} MiB budget`,
      });
    } else if (victims.length === 0) {
      actions.push({ do: 'wake', model: next.name });
    } else {
      // Every victim yields: its new requests are held, so its in-flight ones drain.
      for (const v of victims) yielding.add(v.name);
      const ready = victims.filter(
        (v) =>
          v.inFlight === 0 &&
          (heldFor(live, v.name).length === 0 || now - v.awakeSince >= live.quantumMs),
      );
      const levels = levelsFor(live, victims);
      if (ready.length === victims.length)
        victims.forEach((v, i) =>
          actions.push({ do: 'sleep', model: v.name, level: levels[i] ?? 2, why: 'room' }),
        );
      // A victim still inside its quantum serves its own held requests meanwhile.
      for (const v of victims)
        if (now - v.awakeSince < live.quantumMs && heldFor(live, v.name).length > 0)
          yielding.delete(v.name);
    }
  }
  for (const m of live.models) {
    if (m.state !== 'awake' || yielding.has(m.name)) continue;
    const ids = heldFor(live, m.name).map((h) => h.id);
    if (ids.length > 0) actions.push({ do: 'release', model: m.name, ids });
  }
  const idle = live.models.find(
    (m) =>
      m.state === 'awake' &&
      canSleep(m) &&
      m.idleMs > 0 &&
      m.inFlight === 0 &&
      heldFor(live, m.name).length === 0 &&
      now - m.lastUsedAt >= m.idleMs,
  );
  if (idle && !moving && !actions.some((a) => a.do === 'sleep' || a.do === 'wake'))
    actions.push({
      do: 'sleep',
      model: idle.name,
      level: levelsFor(live, [idle])[0] ?? 2,
      why: 'idle',
    });
  return { actions, yielding: [...yielding] };
};

/** When plan() should run again for the idle timers and the hold bound (null: nothing pending). */
export const nextDeadline = (w: LifeWorld, now: number): number | null => {
  const times = [
    ...w.held.map((h) => h.since + w.holdMs),
    ...w.models
      .filter((m) => m.state === 'awake' && canSleep(m) && m.idleMs > 0)
      .map((m) => m.lastUsedAt + m.idleMs),
    ...w.models.filter((m) => m.state === 'awake').map((m) => m.awakeSince + w.quantumMs),
  ];
  const ahead = times.filter((t) => t > now);
  return ahead.length > 0 ? Math.min(...ahead) : null;
};
