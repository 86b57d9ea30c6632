import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { TableHead } from './TableHead';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { AuditQuery, AuditReport, SpendLogGrowthView } from '../../../electron/shared/models';
import type { ErrorInfo } from '../../../electron/shared/result';

const mb = (b: number) =>
  b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`;

/** How big the audit trail is, and how big 30 days of it will be at this week's rate. */
const Growth = ({ g }: { g: SpendLogGrowthView }) => (
  <p className={g.warning ? 'finding-warning' : 'hint'} data-testid="audit-growth">
    Spend-log table: {g.rows.toLocaleString()} calls, {mb(g.bytes)}; about{' '}
    {Math.round(g.rowsPerDay).toLocaleString()} calls/day, so 30 days kept ≈ {mb(g.projectedBytes)}
    {g.freeBytes !== null ? ` of ${mb(g.freeBytes)} free` : ''}.{g.warning ? ` ${g.warning}` : ''}
  </p>
);

/**
 * The 30-day audit trail: one row per call from LiteLLM's spend logs, filtered like
 * `hagw audit`. Prompts are never shown (they are not kept unless the doctor warns they are).
 */
export const AuditPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [query, setQuery] = useState<AuditQuery>({ since: '24h' });
  const [report, setReport] = useState<AuditReport | null>(null);
  // undefined: not asked yet; null: Postgres did not answer (stack stopped, or no table yet).
  const [growth, setGrowth] = useState<SpendLogGrowthView | null | undefined>(undefined);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const load = useCallback(
    async (q: AuditQuery) => {
      const r = await bridge.invoke('audit.list', q);
      if (r.ok) {
        setReport(r.value);
        setError(null);
      } else setError(r.error);
    },
    [bridge],
  );
  useEffect(() => {
    void load({ since: '24h' });
    void bridge.invoke('audit.growth').then((r) => r.ok && setGrowth(r.value));
  }, [bridge, load]);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => {
      const v = f.get(k);
      return typeof v === 'string' ? v.trim() : '';
    };
    const status = text('status');
    const q: AuditQuery = {
      since: text('since') || '24h',
      ...(text('app') ? { app: text('app') } : {}),
      ...(text('model') ? { model: text('model') } : {}),
      ...(status === 'success' || status === 'error' ? { status } : {}),
    };
    setQuery(q);
    void load(q);
  };
  return (
    <section aria-labelledby="audit-title" data-testid="audit-panel">
      <h2 id="audit-title">Audit trail (30 days)</h2>
      <form className="actions" onSubmit={submit} aria-label="Audit filters">
        <label>
          Since{' '}
          <select name="since" defaultValue="24h">
            <option value="1h">1 hour</option>
            <option value="24h">24 hours</option>
            <option value="7d">7 days</option>
            <option value="30d">30 days</option>
          </select>
        </label>
        <label>
          App <input name="app" size={12} />
        </label>
        <label>
          Model <input name="model" size={14} />
        </label>
        <label>
          Status{' '}
          <select name="status" defaultValue="">
            <option value="">any</option>
            <option value="success">success</option>
            <option value="error">error</option>
          </select>
        </label>
        <button type="submit">Show calls</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {report?.error && (
        <p className="hint" data-testid="audit-error">
          {report.error}
          {report.stale ? ' (showing the last answer)' : ''}
        </p>
      )}
      {report && report.calls.length === 0 && !report.error && (
        <p className="hint">
          No calls in the last {query.since}
          {query.app ? ` from ${query.app}` : ''}.
        </p>
      )}
      {report && report.calls.length > 0 && (
        <table data-testid="audit">
          <TableHead
            columns={[
              'Time',
              'App',
              'Model',
              'Prompt tokens',
              'Completion tokens',
              'Status',
              'Duration (ms)',
              'Cost ($)',
            ]}
          />
          <tbody>
            {report.calls.map((c, i) => (
              <tr key={`${c.at}:${i}`} className={c.status === 'error' ? 'bad' : ''}>
                <td>{new Date(c.at).toLocaleString()}</td>
                <td>{c.app ?? '—'}</td>
                <td className="mono">{c.model}</td>
                <td>{c.promptTokens}</td>
                <td>{c.completionTokens}</td>
                <td>{c.status}</td>
                <td>{c.durationMs ?? '—'}</td>
                <td>{c.cost.toFixed(6)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {growth && <Growth g={growth} />}
      {growth === null && (
        <p className="hint" data-testid="audit-growth">
          The spend-log table's size is not readable now: Postgres is stopped, or LiteLLM has not
          logged a call yet.
        </p>
      )}
    </section>
  );
};
