import { useCallback, useEffect, useState } from 'react';
import type {
  HagwBridge,
  InvokeChannel,
  InvokeChannels,
  InvokeResult,
} from '../../electron/shared/contract';
import type { ErrorInfo } from '../../electron/shared/result';

/** Channels that take no argument: the reports a panel loads on mount. */
type ReportChannel = {
  [K in InvokeChannel]: InvokeChannels[K]['args'] extends [] ? K : never;
}[InvokeChannel];

/**
 * A panel's report: asked for on mount, asked again with `load`, the error kept apart (a failed
 * refresh does not blank what was shown). `set` takes an answer that came another way (an action).
 */
export const useReport = <K extends ReportChannel>(bridge: HagwBridge, channel: K) => {
  const [report, set] = useState<InvokeChannels[K]['result'] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const load = useCallback(async () => {
    // A report channel takes no argument (ReportChannel); the compiler cannot see that for a K.
    const invoke = (c: K) =>
      (bridge.invoke as (this: HagwBridge, c: K) => Promise<InvokeResult<K>>).call(bridge, c);
    const r = await invoke(channel);
    if (r.ok) set(r.value);
    else setError(r.error);
  }, [bridge, channel]);
  useEffect(() => {
    void load();
  }, [load]);
  return { report, set, error, setError, load };
};
