import { toDisposable } from '../../core/disposable';
import type { Clock, Timers } from '../../core/ports';

export const systemClock: Clock = { now: () => Date.now() };

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return toDisposable(() => clearTimeout(t));
  },
  setInterval: (fn, ms) => {
    const t = setInterval(fn, ms);
    return toDisposable(() => clearInterval(t));
  },
};
