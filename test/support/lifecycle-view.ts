import { LifecycleSnapshot, type ModelLifecycleView } from '../../electron/shared/lifecycle';

/** One model as the wake service shows it: awake, sleep mode on, nothing held; `o` changes it. */
export const lifecycleView = (
  name: string,
  o: Partial<ModelLifecycleView> = {},
): ModelLifecycleView => ({
  name,
  state: 'awake',
  level: 0,
  canSleep: true,
  enableWith: null,
  pinned: false,
  idleMinutes: 15,
  vramMiB: 1000,
  lastUsedAt: null,
  lastWakeMs: null,
  held: 0,
  inFlight: 0,
  lastError: null,
  wakeFailed: false,
  ...o,
});

/** A whole snapshot of these models on a 24 GiB card, checked against the schema. */
export const lifecycleSnapshot = (
  models: ModelLifecycleView[],
  o: Partial<LifecycleSnapshot> = {},
): LifecycleSnapshot =>
  LifecycleSnapshot.parse({
    models,
    cardMiB: 24_576,
    marginPercent: 10,
    budgetMiB: 22_118,
    freed: false,
    counts: { held: 0, expired: 0, failedWakes: 0, wakes: 0, sleeps: 0 },
    ...o,
  });
