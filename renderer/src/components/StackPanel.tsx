import { useState } from 'react';
import type { HagwBridge } from '../../../electron/shared/contract';
import { stackActions } from '../../../electron/shared/stack-actions';
import type { StatusReport } from '../../../electron/shared/status';
import { LogsPanel } from './LogsPanel';

type Action = 'stack.up' | 'stack.down' | 'stack.restart';

export const StackPanel = ({
  bridge,
  status,
  busy,
  onAction,
}: {
  bridge: HagwBridge;
  status: StatusReport;
  busy: boolean;
  onAction: (a: Action) => void;
}) => {
  const [logsOf, setLogsOf] = useState<string | null>(null);
  const { stack, litellm } = status;
  // The tray's rule (shared/stack-actions.ts), and nothing while this window's own call runs.
  const may = stackActions(stack);
  return (
    <section aria-label="Stack">
      <h2>Stack “{stack.project}”</h2>
      {stack.reason && (
        <p className="reason" data-testid="stack-reason">
          {stack.reason}
        </p>
      )}
      <div className="actions">
        <button disabled={busy || !may.start} onClick={() => onAction('stack.up')}>
          Start stack
        </button>
        <button disabled={busy || !may.stop} onClick={() => onAction('stack.down')}>
          Stop stack
        </button>
        <button disabled={busy || !may.restart} onClick={() => onAction('stack.restart')}>
          Restart
        </button>
      </div>
      {stack.services.length > 0 && (
        <table data-testid="services">
          <thead>
            <tr>
              <th>Service</th>
              <th>State</th>
              <th>Health</th>
              <th>Since</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {stack.services.map((s) => (
              <tr
                key={s.name}
                data-testid={`service-${s.name}`}
                className={s.state === 'running' && s.health !== 'unhealthy' ? '' : 'bad'}
              >
                <td>{s.name}</td>
                <td>
                  {s.state}
                  {s.exitCode !== null ? ` (exit ${s.exitCode})` : ''}
                </td>
                <td>{s.health}</td>
                <td>{s.since ? new Date(s.since).toLocaleString() : '—'}</td>
                <td>
                  {s.state !== 'missing' && (
                    <button
                      className="small"
                      onClick={() => setLogsOf(s.name)}
                      aria-label={`Logs of ${s.name}`}
                    >
                      Logs
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {stack.services
        .filter((s) => s.lastLog && s.lastLog.length > 0)
        .map((s) => (
          <details key={s.name} className="log" open data-testid={`log-${s.name}`}>
            <summary>Last log lines of {s.name}</summary>
            <pre>{(s.lastLog ?? []).join('\n')}</pre>
          </details>
        ))}
      {logsOf && <LogsPanel bridge={bridge} service={logsOf} onClose={() => setLogsOf(null)} />}
      <h2>LiteLLM</h2>
      <p data-testid="litellm">
        {litellm.url}:{' '}
        {litellm.reachable ? `up${litellm.version ? ` (v${litellm.version})` : ''}` : litellm.error}
      </p>
    </section>
  );
};
