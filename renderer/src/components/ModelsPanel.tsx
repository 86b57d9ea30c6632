import { useState } from 'react';
import { ModelLifecyclePanel } from './ModelLifecyclePanel';
import { TableHead } from './TableHead';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { ModelRow } from '../../../electron/shared/models';
import type { ErrorInfo } from '../../../electron/shared/result';
import { useReport } from '../use-report';

/** $ per token as $ per million tokens, the unit every price list uses. */
const perMillion = (v: number | null) => (v === null ? '—' : `$${(v * 1e6).toFixed(2)}`);

const where = (m: ModelRow) =>
  m.deployments.length === 0
    ? (m.servedBy ?? '—')
    : m.deployments
        .map(
          (d) => `${d.apiBase ?? 'provider default'}${d.serving === false ? ' (not serving)' : ''}`,
        )
        .join(', ');

/**
 * What LiteLLM routes next to what vLLM and Ollama serve: one row per route and per served model
 * without one, with price, apps and what is wrong. A served model gets its route in one click
 * (with the reference price, so budgets count it); cloud models are added from a shell, where
 * the provider key is.
 */
export const ModelsPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const { report, error, setError, load } = useReport(bridge, 'models.list');
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<{ ok: boolean; error?: ErrorInfo }>) => {
    setBusy(true);
    const r = await call();
    setBusy(false);
    setError(r.ok ? null : (r.error ?? null));
    await load();
  };
  const route = (m: ModelRow) => void run(() => bridge.invoke('models.add', { served: m.name }));
  const remove = (m: ModelRow) => {
    if (!window.confirm(`Remove the route "${m.name}"? Keys that list it can no longer call it.`))
      return;
    void run(() => bridge.invoke('models.remove', m.name, 'remove'));
  };
  return (
    <section aria-labelledby="models-title" data-testid="models-panel">
      <h2 id="models-title">Models</h2>
      <ModelLifecyclePanel bridge={bridge} />
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {report?.error && (
        <p className="hint" data-testid="models-error">
          {report.error}
        </p>
      )}
      {report && report.models.length === 0 && !report.error && (
        <p className="hint">No models yet: start the stack, or add one with hagw models add.</p>
      )}
      {report && report.models.length > 0 && (
        <table data-testid="models">
          <TableHead
            columns={[
              'Model',
              'Kind',
              'Served by',
              'In / 1M tokens',
              'Out / 1M tokens',
              'Apps',
              'Problem',
            ]}
            actions
          />
          <tbody>
            {report.models.map((m) => (
              <tr key={`${m.name}:${m.route ?? ''}`} className={m.problem ? 'bad' : ''}>
                <td className="mono">{m.name}</td>
                <td>{m.kind}</td>
                <td className="mono">{where(m)}</td>
                <td>{perMillion(m.inputCostPerToken)}</td>
                <td>{perMillion(m.outputCostPerToken)}</td>
                <td>{m.apps.length > 0 ? m.apps.join(', ') : '—'}</td>
                <td>{m.problem ?? '—'}</td>
                <td>
                  {m.route === null && m.servedBy !== null && (
                    <button
                      type="button"
                      className="small"
                      disabled={busy}
                      onClick={() => route(m)}
                    >
                      Route {m.name}
                    </button>
                  )}
                  {m.removable && (
                    <button
                      type="button"
                      className="small danger"
                      disabled={busy}
                      onClick={() => remove(m)}
                    >
                      Remove {m.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">
        Cloud models, from a shell that holds the key:{' '}
        <code>hagw models add openai/gpt-4o-mini --api-key-env OPENAI_API_KEY</code>. A second GPU
        host: <code>hagw models add NAME --api-base http://HOST:8000/v1</code>.
      </p>
    </section>
  );
};
