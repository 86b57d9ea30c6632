import { useEffect, useState } from 'react';
import type { HagwBridge } from '../../../electron/shared/contract';

/** The last 500 lines of one service; "Follow" re-reads them every 2 s while the panel is open. */
export const LogsPanel = ({
  bridge,
  service,
  onClose,
}: {
  bridge: HagwBridge;
  service: string;
  onClose: () => void;
}) => {
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [follow, setFollow] = useState(true);

  useEffect(() => {
    let alive = true;
    const load = async () => {
      const r = await bridge.invoke('stack.logs', service, 500);
      if (!alive) return;
      if (r.ok) {
        setLines(r.value);
        setError(null);
      } else setError(r.error.message);
    };
    void load();
    const timer = follow ? setInterval(() => void load(), 2000) : null;
    return () => {
      alive = false;
      if (timer) clearInterval(timer);
    };
  }, [bridge, service, follow]);

  return (
    <section aria-label={`Logs of ${service}`} className="logs-panel" data-testid="logs-panel">
      <header>
        <h2>Logs of {service}</h2>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />{' '}
          Follow
        </label>
        <button onClick={onClose}>Close</button>
      </header>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : (
        <pre>{lines.join('\n') || '(no output yet)'}</pre>
      )}
    </section>
  );
};
