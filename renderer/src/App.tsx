import { useCallback, useEffect, useState } from 'react';
import type { HagwBridge } from '../../electron/shared/contract';
import type { ErrorInfo } from '../../electron/shared/result';
import type { StatusReport } from '../../electron/shared/status';
import { AlertsPanel } from './components/AlertsPanel';
import { AuditPanel } from './components/AuditPanel';
import { BatchesPanel } from './components/BatchesPanel';
import { CompatPanel } from './components/CompatPanel';
import { GpuPanel } from './components/GpuPanel';
import { ImagesPanel } from './components/ImagesPanel';
import { KeysPanel } from './components/KeysPanel';
import { ModelsPanel } from './components/ModelsPanel';
import { NotifyPanel } from './components/NotifyPanel';
import { RemotePanel } from './components/RemotePanel';
import { SafetyPanel } from './components/SafetyPanel';
import { SetupPanel } from './components/SetupPanel';
import { StackPanel } from './components/StackPanel';

export const App = ({ bridge }: { bridge: HagwBridge }) => {
  const [status, setStatus] = useState<StatusReport | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  // Opened by the first status that needs setup; stays open to show the report until closed.
  const [setupOpen, setSetupOpen] = useState(false);
  const setupNeeded = status?.setupNeeded ?? false;
  useEffect(() => {
    if (setupNeeded) setSetupOpen(true);
  }, [setupNeeded]);

  const load = useCallback(async () => {
    const r = await bridge.invoke('status.get');
    if (r.ok) {
      setStatus(r.value);
      setError(null);
    } else setError(r.error);
  }, [bridge]);

  useEffect(() => {
    void load();
    const offStack = bridge.on('stack.changed', (stack) => {
      setStatus((s) => (s ? { ...s, stack } : s));
      if (stack.operation === null) setProgress(null);
    });
    const offProgress = bridge.on('stack.progress', setProgress);
    return () => {
      offStack();
      offProgress();
    };
  }, [bridge, load]);

  const act = async (channel: 'stack.up' | 'stack.down' | 'stack.restart') => {
    setBusy(true);
    const r = await bridge.invoke(channel);
    setBusy(false);
    if (!r.ok) setError(r.error);
    await load();
  };

  return (
    <main>
      <header>
        <h1>Homelab AI Gateway</h1>
        {status && (
          <span className={`pill pill-${status.stack.state}`} data-testid="stack-state">
            {status.stack.state}
          </span>
        )}
      </header>
      {progress && (
        <p className="hint" data-testid="progress">
          {progress}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {status && <AlertsPanel bridge={bridge} />}
      {setupOpen && (
        <SetupPanel
          bridge={bridge}
          onDone={() => void load()}
          onClose={() => setSetupOpen(false)}
        />
      )}
      {status ? (
        <StackPanel bridge={bridge} status={status} busy={busy} onAction={(a) => void act(a)} />
      ) : (
        <p>Loading…</p>
      )}
      {status?.litellm.reachable && <KeysPanel bridge={bridge} />}
      {status?.litellm.reachable && <ModelsPanel bridge={bridge} />}
      {status?.litellm.reachable && <AuditPanel bridge={bridge} />}
      {status && <GpuPanel bridge={bridge} />}
      {status && <BatchesPanel bridge={bridge} />}
      {status && <SafetyPanel bridge={bridge} />}
      {status && <RemotePanel bridge={bridge} />}
      {status && <NotifyPanel bridge={bridge} />}
      {status && <CompatPanel bridge={bridge} />}
      {status && status.stack.state !== 'docker-unavailable' && <ImagesPanel bridge={bridge} />}
    </main>
  );
};
