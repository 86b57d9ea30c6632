// The wake service's view of the local models (GET /lifecycle on it), as every face shows it.

export type ModelLifeState = 'awake' | 'asleep' | 'stopped' | 'waking' | 'sleeping';

export interface ModelLifecycleView {
  name: string;
  state: ModelLifeState;
  /** The level it sleeps at; 0 while awake. */
  level: 0 | 1 | 2;
  /** False: its vLLM runs without sleep mode, so it is always awake (`enableWith` says how). */
  canSleep: boolean;
  /** The setting that enables sleep mode, when it is off. */
  enableWith: string | null;
  pinned: boolean;
  idleMinutes: number;
  /** VRAM it holds awake. */
  vramMiB: number;
  lastUsedAt: string | null;
  /** How long its last wake took. */
  lastWakeMs: number | null;
  held: number;
  inFlight: number;
  /** The last failed wake or sleep, in words. */
  lastError: string | null;
}

export interface LifecycleSnapshot {
  models: ModelLifecycleView[];
  cardMiB: number;
  marginPercent: number;
  budgetMiB: number;
  /** "Free the GPU" is on: every model sleeps and requests are refused until Resume. */
  freed: boolean;
  /** What the service counted since it started. */
  counts: { held: number; expired: number; failedWakes: number; wakes: number; sleeps: number };
}
