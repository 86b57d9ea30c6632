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
    // Off the address bar, keeping a view name that came with it ("#keys&token=…" opens Keys).
    const view = window.location.hash.replace(/&?token=[A-Za-z0-9_-]+/, '').replace(/^#&?/, '');
    history.replaceState(
      null,
      '',
      window.location.pathname + window.location.search + (view ? `#${view}` : ''),
    );
  }
  return sessionStorage.getItem(tokenKey) ?? '';
};

/**
 * Server-Sent Events read with fetch, not EventSource: EventSource cannot send the token header,
 * and the bridge takes the token from the header alone. Reconnects a second after the stream ends.
 */
const followEvents = (
  token: string,
  deliver: (event: string, data: string) => void,
): (() => void) => {
  const abort = new AbortController();
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const res = await fetch(bridgeRoutes.events, {
          headers: { 'x-hagw-token': token },
          signal: abort.signal,
        });
        const reader = res.body?.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) break;
          buffer += decoder.decode(chunk.value, { stream: true });
          const frames = buffer.split('\n\n');
          buffer = frames.pop() ?? '';
          for (const frame of frames) {
            const event = /^event: (.*)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (event && data !== undefined) deliver(event, data);
          }
        }
      } catch {
        // The server went away or we were closed: try again below unless aborted.
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  void run();
  return () => abort.abort();
};

/** The same contract over the loopback HTTP bridge, for browsers (headless hosts and e2e tests). */
export const createHttpBridge = (): HagwBridge => {
  const token = takeToken();
  let stop: (() => void) | null = null;
  const listeners = new Map<EventChannel, Set<(p: never) => void>>();
  const ensureSource = () => {
    stop ??= followEvents(token, (event, data) => {
      const set = listeners.get(event as EventChannel);
      if (!set) return;
      const payload = JSON.parse(data) as never;
      for (const fn of set) fn(payload);
    });
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
      ensureSource();
      return () => {
        set.delete(listener);
      };
    },
  };
};

export const getBridge = (): HagwBridge => window.hagw ?? createHttpBridge();
