import { useCallback, useEffect, useState } from 'react';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { KeysReport } from '../../../electron/shared/keys';

/** Per-app keys: create one for a new project, copy its key and snippet in one click. */
export const KeysPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [report, setReport] = useState<KeysReport | null>(null);
  const [name, setName] = useState('');
  const [budget, setBudget] = useState('1');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await bridge.invoke('keys.list');
    if (r.ok) setReport(r.value);
    else setMessage({ kind: 'error', text: r.error.message });
  }, [bridge]);
  useEffect(() => void load(), [load]);

  const copy = async (alias: string) => {
    const r = await bridge.invoke('keys.copy', alias);
    if (!r.ok) return setMessage({ kind: 'error', text: r.error.message });
    try {
      await navigator.clipboard.writeText(r.value.snippets.env);
      setMessage({
        kind: 'ok',
        text: `Copied the .env lines for ${alias} (OPENAI_BASE_URL and OPENAI_API_KEY).`,
      });
    } catch {
      setMessage({
        kind: 'error',
        text: 'The clipboard is not available here; use "hagw keys env" instead.',
      });
    }
  };

  const create = async () => {
    const r = await bridge.invoke('keys.create', { alias: name, budgetUsd: Number(budget) });
    if (!r.ok) return setMessage({ kind: 'error', text: r.error.message });
    setName('');
    setMessage({
      kind: 'ok',
      text: `Created ${r.value.key.alias ?? ''} with a $${r.value.key.maxBudget ?? 0} budget. Copy its key below.`,
    });
    await load();
  };

  const act = async (p: Promise<{ ok: boolean; error?: { message: string } }>) => {
    const r = await p;
    if (!r.ok) setMessage({ kind: 'error', text: r.error?.message ?? 'failed' });
    await load();
  };

  return (
    <section aria-label="Keys" data-testid="keys-panel">
      <h2>Keys</h2>
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <input
          aria-label="App name"
          placeholder="app name, e.g. discord-bot"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <input
          aria-label="Budget in dollars"
          type="number"
          min="0.0001"
          step="any"
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
        />
        <button type="submit">Create key</button>
      </form>
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'error' : 'hint'}
          data-testid="keys-message"
        >
          {message.text}
        </p>
      )}
      {report?.stale && (
        <p className="reason">
          LiteLLM did not answer ({report.error}); this is the last known list.
        </p>
      )}
      {report && report.keys.length > 0 && (
        <table data-testid="keys">
          <thead>
            <tr>
              <th>App</th>
              <th>Spend / budget</th>
              <th>Used</th>
              <th>Models</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {report.keys.map((k) => (
              <tr
                key={k.tokenHash}
                data-testid={`key-${k.alias ?? k.tokenHash}`}
                className={k.blocked ? 'bad' : ''}
              >
                <td>{k.alias ?? k.tokenHash.slice(0, 12)}</td>
                <td>
                  ${k.spend.toFixed(4)} / {k.maxBudget === null ? '—' : `$${k.maxBudget}`}
                </td>
                <td>{k.budgetUsedPercent === null ? '—' : `${k.budgetUsedPercent} %`}</td>
                <td>{k.models.join(', ')}</td>
                <td className="actions">
                  {k.alias && k.inVault && (
                    <button className="small" onClick={() => void copy(k.alias ?? '')}>
                      Copy key
                    </button>
                  )}
                  {k.alias && (
                    <button
                      className="small"
                      onClick={() =>
                        void act(bridge.invoke('keys.setBlocked', k.alias ?? '', !k.blocked))
                      }
                    >
                      {k.blocked ? 'Unblock' : 'Block'}
                    </button>
                  )}
                  {k.alias &&
                    (confirming === k.alias ? (
                      <button
                        className="small danger"
                        onClick={() =>
                          void act(bridge.invoke('keys.delete', k.alias ?? '', 'delete')).then(() =>
                            setConfirming(null),
                          )
                        }
                      >
                        Really delete
                      </button>
                    ) : (
                      <button className="small" onClick={() => setConfirming(k.alias)}>
                        Delete
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};
