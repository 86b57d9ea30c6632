import { useCallback, useEffect, useState } from 'react';
import { liveEvents } from './live-events';
import type { HagwBridge } from '../../electron/shared/contract';
import type { ErrorInfo } from '../../electron/shared/result';
import type { StatusReport } from '../../electron/shared/status';
import { AlertsPanel } from './components/AlertsPanel';
import { AuditPanel } from './components/AuditPanel';
import { BatchesPanel } from './components/BatchesPanel';
import { CompatPanel } from './components/CompatPanel';
import { GpuAlertsPanel } from './components/GpuAlertsPanel';
import { GpuCharts } from './components/GpuCharts';
import { GpuPanel } from './components/GpuPanel';
import { ImagesPanel } from './components/ImagesPanel';
import { KeysPanel } from './components/KeysPanel';
import { ModelsPanel } from './components/ModelsPanel';
import { QueueChart } from './components/QueueChart';
import { NotifyPanel } from './components/NotifyPanel';
import { RemotePanel } from './components/RemotePanel';
import { SafetyPanel } from './components/SafetyPanel';
import { SettingsPanel } from './components/SettingsPanel';
import { SetupPanel } from './components/SetupPanel';
import { StackPanel } from './components/StackPanel';
import { WeekChart } from './components/WeekChart';
import { type ViewId, views } from './view-list';
import { useHashView } from './views';

type StackAction = 'stack.up' | 'stack.down' | 'stack.restart';

/** What a view that needs LiteLLM shows while it does not answer: the reason and the one fix. */
const NeedsGateway = ({
  status,
  busy,
  onStart,
  onRetry,
}: {
  status: StatusReport;
  busy: boolean;
  onStart: () => void;
  onRetry: () => void;
}) => (
  <p className="empty" data-testid="needs-gateway">
    {status.stack.state === 'stopped'
      ? 'Stack stopped — start it to manage keys, models and the audit trail.'
      : `LiteLLM is not answering${status.litellm.error ? ` (${status.litellm.error})` : ''}.`}{' '}
    {status.stack.state === 'stopped' ? (
      <button type="button" disabled={busy} onClick={onStart}>
        Start stack
      </button>
    ) : (
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    )}
  </p>
);

export const App = ({ bridge }: { bridge: HagwBridge }) => {
  const view = useHashView();
  const [status, setStatus] = useState<StatusReport | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [trayHint, setTrayHint] = useState<string | null>(null);
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
    void bridge.invoke('app.info').then((r) => r.ok && setTrayHint(r.value.trayHint));
  }, [bridge]);

  useEffect(() => {
    void load();
    const offStack = liveEvents(bridge).on('stack.changed', (stack) => {
      setStatus((s) => (s ? { ...s, stack } : s));
      if (stack.operation === null) {
        setProgress(null);
        // The stack settled (started from here, the tray or a shell): ask LiteLLM again, or the
        // views that need it would keep the answer from before.
        void load();
      }
    });
    const offProgress = liveEvents(bridge).on('stack.progress', setProgress);
    return () => {
      offStack();
      offProgress();
    };
  }, [bridge, load]);

  const act = async (channel: StackAction) => {
    setBusy(true);
    const r = await bridge.invoke(channel);
    setBusy(false);
    if (!r.ok) setError(r.error);
    await load();
  };

  const gateway = (body: React.ReactNode) =>
    status?.litellm.reachable ? (
      body
    ) : status ? (
      <NeedsGateway
        status={status}
        busy={busy}
        onStart={() => void act('stack.up')}
        onRetry={() => void load()}
      />
    ) : null;

  const content: Record<ViewId, () => React.ReactNode> = {
    overview: () => (
      <>
        {setupOpen && (
          <SetupPanel
            bridge={bridge}
            onDone={() => void load()}
            onClose={() => setSetupOpen(false)}
          />
        )}
        {status && (
          <StackPanel bridge={bridge} status={status} busy={busy} onAction={(a) => void act(a)} />
        )}
        {status && <CompatPanel bridge={bridge} />}
        {status && status.stack.state !== 'docker-unavailable' && <ImagesPanel bridge={bridge} />}
      </>
    ),
    keys: () => gateway(<KeysPanel bridge={bridge} />),
    gpu: () => (
      <>
        <GpuPanel bridge={bridge} />
        <GpuCharts bridge={bridge} />
        <WeekChart bridge={bridge} />
        <QueueChart bridge={bridge} />
      </>
    ),
    safety: () => (
      <>
        <SafetyPanel bridge={bridge} />
        <RemotePanel bridge={bridge} />
      </>
    ),
    models: () =>
      gateway(
        <>
          <ModelsPanel bridge={bridge} />
          <AuditPanel bridge={bridge} />
        </>,
      ),
    batches: () => <BatchesPanel bridge={bridge} />,
    settings: () => (
      <>
        <SettingsPanel bridge={bridge} />
        <GpuAlertsPanel bridge={bridge} />
        <NotifyPanel bridge={bridge} />
      </>
    ),
  };

  return (
    <>
      <header className="top">
        <h1>Homelab AI Gateway</h1>
        {status && (
          <span className={`pill pill-${status.stack.state}`} data-testid="stack-state">
            {status.stack.state}
          </span>
        )}
      </header>
      <nav aria-label="Views" className="views">
        <ul>
          {views.map((v) => (
            <li key={v.id}>
              <a href={`#${v.id}`} aria-current={v.id === view ? 'page' : undefined}>
                {v.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main aria-labelledby="view-title">
        <h2 id="view-title" className="view-title">
          {views.find((v) => v.id === view)?.label}
        </h2>
        {trayHint && (
          <p role="status" className="alert alert-info" data-testid="tray-hint">
            {trayHint}
          </p>
        )}
        {progress && (
          <p className="hint" data-testid="progress">
            {progress}
          </p>
        )}
        {error && (
          <div role="alert" className="error banner">
            <span>{error.message}</span>
            <button type="button" onClick={() => void load()}>
              Retry
            </button>
          </div>
        )}
        {status && <AlertsPanel bridge={bridge} />}
        {status ? content[view]() : !error && <p>Loading…</p>}
      </main>
    </>
  );
};
