import { keyLimits } from '../../../electron/shared/contract-args';
import { liveEvents } from '../live-events';
import { type ErrorInfo, errorInFaceWords } from '../../../electron/shared/result';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { TableHead } from './TableHead';
import type { HagwBridge } from '../../../electron/shared/contract';
import type {
  CreatedKey,
  KeysReport,
  KeyView,
  UsageReport,
  UsageRow,
} from '../../../electron/shared/keys';
import type { AuditCall } from '../../../electron/shared/models';
import { KeySnippets } from './KeySnippets';
import { KeyTraffic, Sparkline } from './KeyTraffic';
import { type Outcome, OutcomeLine } from './OutcomeLine';

/** The contract's fields in this form's words: an error names the field the operator sees. */
const fieldLabels = {
  alias: 'App name',
  budgetUsd: 'Monthly budget',
  tokensPerMonth: 'Monthly budget (tokens)',
  rpm: 'Requests/min',
  models: 'Models',
};
const errorText = (e: ErrorInfo) => errorInFaceWords(e, fieldLabels);

const usd = (n: number) => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;
const tokens = (n: number | null) => (n === null ? '—' : n.toLocaleString());

/** Spend against budget as a meter a screen reader names; amber from 80 %, red at 100 %. */
const SpendBar = ({ k }: { k: KeyView }) => {
  const pct = k.budgetUsedPercent;
  const label = `${k.alias ?? k.tokenHash.slice(0, 12)}: ${usd(k.spend)} of ${
    k.maxBudget === null ? 'no budget' : usd(k.maxBudget)
  }${pct === null ? '' : ` (${pct} %)`}`;
  return (
    <div className="spend">
      {pct !== null && (
        <meter
          min={0}
          max={100}
          low={50}
          high={80}
          optimum={0}
          value={Math.min(100, pct)}
          aria-label={`${k.alias ?? 'key'} budget used`}
        />
      )}
      <span>{label}</span>
    </div>
  );
};

/**
 * Per-app keys the way a project is wired up: a labelled create form (budget, models from the
 * real routes, requests/min), spend against budget as bars, calls/min and tokens per call per
 * key, the budget `hagw usage` suggests after a week with one-click Apply, and copy / block /
 * delete as before.
 */
export const KeysPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [report, setReport] = useState<KeysReport | null>(null);
  const [usage, setUsage] = useState<UsageReport | null>(null);
  const [routes, setRoutes] = useState<string[]>([]);
  const [message, setMessage] = useState<Outcome>(null);
  // The one destructive action waiting for its second click, and on which key.
  const [confirming, setConfirming] = useState<{ alias: string; what: 'delete' | 'rotate' } | null>(
    null,
  );
  const [snippets, setSnippets] = useState<CreatedKey | null>(null);
  const [trafficOf, setTrafficOf] = useState<string>('');
  const [traffic, setTraffic] = useState<{ alias: string; calls: AuditCall[]; at: number } | null>(
    null,
  );

  // Every key's last hour of calls (one audit query), for the sparkline in its row.
  const [hour, setHour] = useState<{ byApp: Map<string, AuditCall[]>; at: number } | null>(null);
  const load = useCallback(async () => {
    const [keys, used, calls] = await Promise.all([
      bridge.invoke('keys.list'),
      bridge.invoke('keys.usage'),
      bridge.invoke('audit.list', { since: '1h' }),
    ]);
    if (keys.ok) setReport(keys.value);
    else setMessage({ kind: 'error', text: errorText(keys.error) });
    if (used.ok) setUsage(used.value);
    if (calls.ok) {
      const byApp = new Map<string, AuditCall[]>();
      for (const c of calls.value.calls)
        if (c.app) byApp.set(c.app, [...(byApp.get(c.app) ?? []), c]);
      setHour({ byApp, at: Date.now() });
    }
  }, [bridge]);
  useEffect(() => {
    void load();
    void bridge
      .invoke('models.list')
      .then(
        (r) => r.ok && setRoutes(r.value.models.filter((m) => m.route !== null).map((m) => m.name)),
      );
    // Budget alerts fire as traffic flows: the bars follow them without a reload.
    return liveEvents(bridge).on('alerts.changed', () => void load());
  }, [bridge, load]);

  const copy = async (alias: string) => {
    const r = await bridge.invoke('keys.copy', alias);
    if (!r.ok) return setMessage({ kind: 'error', text: errorText(r.error) });
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

  const showSnippets = async (alias: string) => {
    const r = await bridge.invoke('keys.copy', alias);
    if (r.ok) setSnippets(r.value);
    else setMessage({ kind: 'error', text: errorText(r.error) });
  };

  const rotate = async (alias: string) => {
    setConfirming(null);
    const r = await bridge.invoke('keys.rotate', alias, 'rotate');
    if (!r.ok) return setMessage({ kind: 'error', text: errorText(r.error) });
    setSnippets(r.value);
    const copied = await navigator.clipboard.writeText(r.value.snippets.env).then(
      () => ' Its new .env lines are on the clipboard.',
      () => '',
    );
    setMessage({
      kind: 'ok',
      text: `Rotated ${alias}: the old key no longer works.${copied} Put the new key in that project.`,
    });
    await load();
  };

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => {
      const v = f.get(k);
      return typeof v === 'string' ? v.trim() : '';
    };
    const models = f.getAll('models').filter((m): m is string => typeof m === 'string');
    const rpm = text('rpm');
    const amount = Number(text('budget'));
    const r = await bridge.invoke('keys.create', {
      alias: text('alias'),
      ...(text('unit') === 'tokens' ? { tokensPerMonth: amount } : { budgetUsd: amount }),
      ...(models.length > 0 ? { models } : {}),
      ...(rpm !== '' ? { rpm: Number(rpm) } : {}),
    });
    if (!r.ok) return setMessage({ kind: 'error', text: errorText(r.error) });
    form.reset();
    setMessage({
      kind: 'ok',
      text: `Created ${r.value.key.alias ?? ''} with a ${usd(r.value.key.maxBudget ?? 0)} budget. Copy its key below.`,
    });
    await load();
  };

  const act = async (p: Promise<{ ok: boolean; error?: ErrorInfo }>) => {
    const r = await p;
    if (!r.ok) setMessage({ kind: 'error', text: r.error ? errorText(r.error) : 'failed' });
    await load();
  };

  const aliases = (report?.keys ?? []).flatMap((k) => (k.alias ? [k.alias] : []));
  const shown = trafficOf !== '' && aliases.includes(trafficOf) ? trafficOf : (aliases[0] ?? '');
  // One key's last 24 h of calls from the audit trail: the sparkline and the histogram.
  const loadTraffic = useCallback(
    async (alias: string) => {
      if (alias === '') return;
      const r = await bridge.invoke('audit.list', { since: '24h', app: alias });
      if (r.ok) setTraffic({ alias, calls: r.value.calls, at: Date.now() });
    },
    [bridge],
  );
  useEffect(() => {
    void loadTraffic(shown);
  }, [shown, loadTraffic]);

  const usageOf = (k: KeyView): UsageRow | undefined =>
    usage?.keys.find((u) => u.tokenHash === k.tokenHash);

  return (
    <section aria-labelledby="keys-title" data-testid="keys-panel">
      <h2 id="keys-title">Keys</h2>
      <form className="create-key" onSubmit={(e) => void create(e)} aria-label="New key">
        <label>
          App name
          <input name="alias" placeholder="e.g. discord-bot" required />
        </label>
        <label>
          Monthly budget
          <input name="budget" type="number" min="0.0001" step="any" defaultValue="1" required />
        </label>
        <label>
          Budget in
          <select name="unit" defaultValue="usd">
            <option value="usd">$</option>
            <option value="tokens">tokens</option>
          </select>
        </label>
        <label>
          Models
          <select name="models" multiple size={Math.min(4, Math.max(2, routes.length))}>
            {routes.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          Requests/min
          <input
            name="rpm"
            type="number"
            min={keyLimits.rpm.min}
            max={keyLimits.rpm.max}
            step="1"
            placeholder="60 (the first month's)"
          />
        </label>
        <button type="submit">Create key</button>
        <p className="hint">
          A new project's first month always overshoots: start small ($1); after 7 days of use the
          suggested budget appears beside the key. No model chosen: local-chat. A budget in tokens
          is priced with the first model.
        </p>
      </form>
      <OutcomeLine outcome={message} testId="keys-message" />
      {report?.stale && (
        <p className="reason">
          LiteLLM did not answer ({report.error}); this is the last known list.
        </p>
      )}
      {report && report.keys.length === 0 && (
        <p className="empty">No keys yet: create one per project above, then copy its key.</p>
      )}
      {report && report.keys.length > 0 && (
        <table data-testid="keys">
          <TableHead
            columns={[
              'App',
              'Spend of budget',
              'Calls/min',
              'Tokens per call (p50 / p95 / max)',
              'Suggested budget',
              'Models',
            ]}
            actions
          />
          <tbody>
            {report.keys.map((k) => {
              const u = usageOf(k);
              const alias = k.alias ?? '';
              return (
                <tr
                  key={k.tokenHash}
                  data-testid={`key-${k.alias ?? k.tokenHash}`}
                  className={k.blocked ? 'bad' : ''}
                >
                  <td>{k.alias ?? k.tokenHash.slice(0, 12)}</td>
                  <td>
                    <SpendBar k={k} />
                  </td>
                  <td>
                    {u ? u.callsPerMinute.toFixed(1) : '—'}
                    {hour && k.alias && (
                      <Sparkline calls={hour.byApp.get(k.alias) ?? []} now={hour.at} width={110} />
                    )}
                  </td>
                  <td>
                    {u
                      ? `${tokens(u.tokensPerCall.p50)} / ${tokens(u.tokensPerCall.p95)} / ${tokens(u.tokensPerCall.max)}`
                      : '—'}
                  </td>
                  <td>
                    {u && u.suggestedBudgetUsd !== null && k.alias ? (
                      <>
                        {usd(u.suggestedBudgetUsd)}{' '}
                        {u.suggestedBudgetUsd !== k.maxBudget && (
                          <button
                            type="button"
                            className="small"
                            data-apply
                            onClick={() =>
                              void act(
                                bridge.invoke(
                                  'keys.updateBudget',
                                  alias,
                                  u.suggestedBudgetUsd ?? 0,
                                ),
                              )
                            }
                          >
                            Apply to {alias}
                          </button>
                        )}
                      </>
                    ) : (
                      <span className="hint">after 7 days of use</span>
                    )}
                  </td>
                  <td>{k.models.join(', ')}</td>
                  <td className="actions">
                    {k.alias && k.inVault && (
                      <button type="button" className="small" onClick={() => void copy(alias)}>
                        Copy key
                      </button>
                    )}
                    {k.alias && (
                      <button
                        type="button"
                        className="small"
                        onClick={() =>
                          void act(bridge.invoke('keys.setBlocked', alias, !k.blocked))
                        }
                      >
                        {k.blocked ? 'Unblock' : 'Block'}
                      </button>
                    )}
                    {k.alias && k.inVault && (
                      <button
                        type="button"
                        className="small"
                        onClick={() => void showSnippets(alias)}
                      >
                        Snippets
                      </button>
                    )}
                    {k.alias &&
                      (['rotate', 'delete'] as const).map((what) =>
                        confirming?.alias === alias && confirming.what === what ? (
                          <button
                            key={what}
                            type="button"
                            className="small danger"
                            onClick={() =>
                              what === 'rotate'
                                ? void rotate(alias)
                                : void act(bridge.invoke('keys.delete', alias, 'delete')).then(() =>
                                    setConfirming(null),
                                  )
                            }
                          >
                            {what === 'rotate' ? 'Really rotate' : 'Really delete'}
                          </button>
                        ) : (
                          <button
                            key={what}
                            type="button"
                            className="small"
                            onClick={() => {
                              setConfirming({ alias, what });
                              setMessage({
                                kind: 'ok',
                                text:
                                  what === 'rotate'
                                    ? `Rotate ${alias}? Its key stops working at once; the project needs the new one.`
                                    : `Delete ${alias}? Every project using its key stops; this cannot be undone.`,
                              });
                            }}
                          >
                            {what === 'rotate' ? 'Rotate' : 'Delete'}
                          </button>
                        ),
                      )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {snippets && <KeySnippets created={snippets} onClose={() => setSnippets(null)} />}
      {aliases.length > 0 && (
        <section aria-labelledby="traffic-title">
          <h2 id="traffic-title">Traffic</h2>
          <div className="actions">
            <label>
              Key{' '}
              <select
                aria-label="Traffic of key"
                value={shown}
                onChange={(e) => setTrafficOf(e.target.value)}
              >
                {aliases.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => void loadTraffic(shown)}>
              Refresh
            </button>
          </div>
          {traffic?.alias === shown && (
            <KeyTraffic
              alias={shown}
              calls={traffic.calls}
              now={traffic.at}
              usage={usage?.keys.find((u) => u.alias === shown)}
            />
          )}
        </section>
      )}
    </section>
  );
};
