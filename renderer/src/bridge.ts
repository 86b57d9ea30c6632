import {
  bridgeRoutes,
  type EventChannel,
  type EventChannels,
  type HagwBridge,
  type InvokeChannel,
  type InvokeChannels,
  type InvokeResult,
} from '../../electron/shared/contract';

declare global {
  interface Window {
    hagw?: HagwBridge;
  }
}

const tokenKey = 'hagw.token';

/** The per-run token `hagw ui` put in the URL fragment; moved to sessionStorage and off the address bar. */
const takeToken = (): string => {
  const m = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(tokenKey, m[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(tokenKey) ?? '';
};

/** The same contract over the loopback HTTP bridge, for browsers (headless hosts and e2e tests). */
export const createHttpBridge = (): HagwBridge => {
  const token = takeToken();
  let source: EventSource | null = null;
  const listeners = new Map<EventChannel, Set<(p: never) => void>>();
  const ensureSource = () => {
    if (source) return;
    source = new EventSource(`${bridgeRoutes.events}?token=${encodeURIComponent(token)}`);
    for (const [event, set] of listeners) {
      source.addEventListener(event, (e) => {
        const payload = JSON.parse((e as MessageEvent<string>).data) as never;
        for (const fn of set) fn(payload);
      });
    }
  };
  return {
    async invoke<K extends InvokeChannel>(
      channel: K,
      ...args: InvokeChannels[K]['args']
    ): Promise<InvokeResult<K>> {
      try {
        const res = await fetch(bridgeRoutes.invoke(channel), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hagw-token': token },
          body: JSON.stringify({ args }),
        });
        return (await res.json()) as InvokeResult<K>;
      } catch {
        return {
          ok: false,
          error: {
            code: 'BRIDGE_DOWN',
            message: 'The hagw ui server stopped answering; start it again.',
          },
        };
      }
    },
    on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      if (source) source.close();
      source = null;
      ensureSource();
      return () => {
        set.delete(listener);
      };
    },
  };
};

export const getBridge = (): HagwBridge => window.hagw ?? createHttpBridge();
