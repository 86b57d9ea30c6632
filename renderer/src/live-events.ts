import type { EventChannel, EventChannels, HagwBridge } from '../../electron/shared/contract';

type Listener<E extends EventChannel> = (payload: EventChannels[E]) => void;

/** The bridge's events, shared by every view: the same `on` as the bridge, one subscription each. */
export interface LiveEvents {
  on<E extends EventChannel>(event: E, listener: Listener<E>): () => void;
  /** The last payload of an event since the first view asked for it (null: none yet). */
  latest<E extends EventChannel>(event: E): EventChannels[E] | null;
}

interface Channel {
  listeners: Set<(p: never) => void>;
  off: () => void;
  last: { value: unknown } | null;
}

/**
 * One subscription per event channel, however many views listen: made when the first view
 * subscribes, closed when the last one leaves. A view that mounts later gets the latest payload
 * at once instead of a blank until the next change (the GPU views, the alerts, the stack).
 */
export const createLiveEvents = (bridge: Pick<HagwBridge, 'on'>): LiveEvents => {
  const channels = new Map<EventChannel, Channel>();
  return {
    on(event, listener) {
      let c = channels.get(event);
      if (!c) {
        const made: Channel = {
          listeners: new Set(),
          off: () => undefined,
          last: null,
        };
        made.off = bridge.on(event, (payload) => {
          made.last = { value: payload };
          for (const fn of [...made.listeners]) (fn as Listener<typeof event>)(payload);
        });
        channels.set(event, made);
        c = made;
      }
      const entry = c;
      entry.listeners.add(listener);
      if (entry.last) listener(entry.last.value as EventChannels[typeof event]);
      let done = false;
      return () => {
        // Idempotent: a second call must not close a subscription another view opened since.
        if (done) return;
        done = true;
        entry.listeners.delete(listener);
        if (entry.listeners.size > 0) return;
        entry.off();
        channels.delete(event);
      };
    },
    latest: (event) => (channels.get(event)?.last?.value ?? null) as never,
  };
};

const shared = new WeakMap<Pick<HagwBridge, 'on'>, LiveEvents>();

/** The one LiveEvents of a bridge: every view of the window shares it. */
export const liveEvents = (bridge: Pick<HagwBridge, 'on'>): LiveEvents => {
  let live = shared.get(bridge);
  if (!live) shared.set(bridge, (live = createLiveEvents(bridge)));
  return live;
};
