import { type Disposable, toDisposable } from '../core/disposable';
import type { EmitEvent, EventChannel, EventChannels } from '../shared/contract';

export type AnyEventListener = <E extends EventChannel>(
  event: E,
  payload: EventChannels[E],
) => void;

/**
 * The one fan-out of contract events. The supervisor emits; the window (webContents.send) and the
 * `hagw ui` bridge (Server-Sent Events) both subscribe to everything with onAny, so an event the
 * contract declares reaches every face, or none: no face keeps a list of its own.
 */
export class EventHub {
  private readonly listeners = new Set<AnyEventListener>();

  readonly emit: EmitEvent = (event, payload) => {
    for (const fn of [...this.listeners]) fn(event, payload);
  };

  onAny(fn: AnyEventListener): Disposable {
    this.listeners.add(fn);
    return toDisposable(() => this.listeners.delete(fn));
  }

  on<E extends EventChannel>(event: E, fn: (payload: EventChannels[E]) => void): Disposable {
    return this.onAny((e, payload) => {
      const name: EventChannel = e;
      if (name === event) fn(payload as EventChannels[E]);
    });
  }
}
