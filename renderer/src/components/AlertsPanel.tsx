import { useCallback, useEffect, useState } from 'react';
import { liveEvents } from '../live-events';
import type { AlertDto } from '../../../electron/shared/alerts';
import type { HagwBridge } from '../../../electron/shared/contract';

/** What needs attention now, with the one-click actions (block a runaway key, snooze, cleaned). */
export const AlertsPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [alerts, setAlerts] = useState<AlertDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await bridge.invoke('alerts.list');
    if (r.ok) setAlerts(r.value.alerts);
  }, [bridge]);
  // The supervisor says when the live alerts change; no polling of our own.
  useEffect(() => {
    void load();
    return liveEvents(bridge).on('alerts.changed', (r) => setAlerts(r.alerts));
  }, [bridge, load]);
  const act = async (id: string, action: string) => {
    const r = await bridge.invoke('alerts.act', id, action);
    if (r.ok) setAlerts(r.value.alerts);
    else setError(r.error.message);
  };
  if (alerts.length === 0 && !error) return null;
  return (
    <section aria-label="Alerts" data-testid="alerts-panel">
      <h2>Needs attention</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {alerts.map((a) => (
        <div key={a.id} className={`alert alert-${a.severity}`} data-testid={`alert-${a.id}`}>
          <strong>{a.title}</strong> — {a.message}
          {a.snoozedUntil && (
            <span className="hint">
              {' '}
              (snoozed until {new Date(a.snoozedUntil).toLocaleString()})
            </span>
          )}
          <span className="actions">
            {a.actions
              .filter((x) => x.id !== 'open-view')
              .map((x) => (
                <button key={x.id} className="small" onClick={() => void act(a.id, x.id)}>
                  {x.label}
                </button>
              ))}
          </span>
        </div>
      ))}
    </section>
  );
};
