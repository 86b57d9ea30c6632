import { useCallback, useEffect, useState } from 'react';
import { liveEvents } from '../live-events';
import type { BatchesReport, BatchView } from '../../../electron/shared/batch';
import { TableHead } from './TableHead';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { ErrorInfo } from '../../../electron/shared/result';

const active = (b: BatchView) => ['validating', 'in_progress', 'finalizing'].includes(b.status);

const when = (s: number | null) => (s === null ? '—' : new Date(s * 1000).toLocaleString());

/**
 * Every key's OpenAI Batch API jobs: which app, how far along (a progress bar per batch), and a
 * Cancel for the running ones. Progress arrives as batches.changed from the supervisor's tick.
 */
export const BatchesPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [report, setReport] = useState<BatchesReport | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const load = useCallback(async () => {
    const r = await bridge.invoke('batches.list');
    if (r.ok) setReport(r.value);
    else setError(r.error);
  }, [bridge]);
  useEffect(() => {
    void load();
    return liveEvents(bridge).on('batches.changed', setReport);
  }, [bridge, load]);
  const cancel = async (b: BatchView) => {
    if (!window.confirm(`Cancel ${b.id} of ${b.app ?? 'an unknown key'}? What is done is kept.`))
      return;
    const r = await bridge.invoke('batches.cancel', b.id);
    setError(r.ok ? null : r.error);
    await load();
  };
  return (
    <section aria-label="Batches" data-testid="batches-panel">
      <h2>Batch jobs</h2>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {report?.error && (
        <p className="hint" data-testid="batches-error">
          The batch service is not answering ({report.error}). It starts with the stack; outside
          compose run <code>hagw batch serve</code>.
        </p>
      )}
      {report && !report.error && report.batches.length === 0 && (
        <p className="hint">
          No batches yet. A project sends long jobs with the OpenAI Batch API (
          <code>client.batches.create</code>) at the gateway URL with its own key; they run at low
          priority, after interactive calls.
        </p>
      )}
      {report && report.batches.length > 0 && (
        <table data-testid="batches">
          <TableHead columns={['Batch', 'App', 'Status', 'Progress', 'Created']} actions />
          <tbody>
            {report.batches.map((b) => {
              const { completed, failed, total } = b.request_counts;
              const done = completed + failed;
              return (
                <tr
                  key={b.id}
                  className={b.status === 'failed' || b.status === 'expired' ? 'bad' : ''}
                >
                  <td className="mono">{b.id}</td>
                  <td>{b.app ?? '—'}</td>
                  <td>{b.status.replace('_', ' ')}</td>
                  <td>
                    <progress
                      max={Math.max(1, total)}
                      value={done}
                      aria-label={`${b.id}: ${done} of ${total} requests`}
                    />{' '}
                    {total === 0 ? '—' : `${done}/${total}`}
                    {failed > 0 ? `, ${failed} errors` : ''}
                  </td>
                  <td>{when(b.created_at)}</td>
                  <td>
                    {active(b) && (
                      <button type="button" onClick={() => void cancel(b)}>
                        Cancel
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
};
