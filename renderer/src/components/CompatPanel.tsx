import { useCallback, useEffect, useState } from 'react';
import type { CompatHistory } from '../../../electron/shared/compat';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { ErrorInfo } from '../../../electron/shared/result';

type Result = CompatHistory['results'][number];

const tally = (r: Result) => {
  const n = (s: string) => r.report.checks.filter((c) => c.status === s).length;
  return `${n('pass')} passed, ${n('fail')} failed, ${n('skip')} skipped`;
};

/**
 * The last OpenAI-compatibility result per service (`hagw compat`, and each gated update), and a
 * button that checks the gateway now with temporary keys.
 */
export const CompatPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [results, setResults] = useState<Result[] | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const load = useCallback(async () => {
    const r = await bridge.invoke('compat.results');
    if (r.ok) setResults(r.value.results);
    else setError(r.error);
  }, [bridge]);
  useEffect(() => void load(), [load]);
  const run = async () => {
    setRunning(true);
    const r = await bridge.invoke('compat.run');
    setRunning(false);
    setError(r.ok ? null : r.error);
    await load();
  };
  return (
    <section aria-label="Compatibility" data-testid="compat-panel">
      <h2>OpenAI compatibility</h2>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {results && results.length === 0 && (
        <p className="hint">
          Not checked yet. Check now, or run <code>hagw compat</code>: it drives the official openai
          client through Caddy the way your projects do.
        </p>
      )}
      {results?.map((r) => {
        const failed = r.report.checks.filter((c) => c.status === 'fail');
        return (
          <details key={r.service} data-testid="compat-result" open={failed.length > 0}>
            <summary>
              <strong>{r.service}</strong> — {tally(r)}
              {r.report.ttftMs === null ? '' : `, first token after ${r.report.ttftMs} ms`}{' '}
              <span className="hint">({new Date(r.at).toLocaleString()})</span>
            </summary>
            {r.image && <p className="mono hint">{r.image}</p>}
            <table>
              <thead>
                <tr>
                  <th>Check</th>
                  <th>Result</th>
                  <th>Detail</th>
                </tr>
              </thead>
              <tbody>
                {r.report.checks.map((c) => (
                  <tr key={c.id} className={c.status === 'fail' ? 'bad' : ''}>
                    <td className="mono">{c.id}</td>
                    <td>{c.status}</td>
                    <td>{c.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        );
      })}
      <button type="button" disabled={running} onClick={() => void run()}>
        {running ? 'Checking…' : 'Check now'}
      </button>
    </section>
  );
};
