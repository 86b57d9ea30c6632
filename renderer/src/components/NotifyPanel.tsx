import { useCallback, useEffect, useState } from 'react';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { NotifyReport } from '../../../electron/shared/notify';
import { type Outcome, OutcomeLine } from './OutcomeLine';

/**
 * Push channels (ntfy, Discord, a webhook) and quiet hours: the dashboard's side of
 * `hagw notify`. URLs come back redacted to their origin; a token is never shown again.
 */
export const NotifyPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [report, setReport] = useState<NotifyReport | null>(null);
  const [type, setType] = useState('ntfy');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [quiet, setQuiet] = useState('');
  const [message, setMessage] = useState<Outcome>(null);

  const show = useCallback((r: NotifyReport) => {
    setReport(r);
    setQuiet(r.quietHours ? `${r.quietHours.start}-${r.quietHours.end}` : '');
  }, []);
  useEffect(() => {
    void bridge.invoke('notify.list').then((r) => r.ok && show(r.value));
  }, [bridge, show]);

  const done = (
    r: { ok: true; value: NotifyReport } | { ok: false; error: { message: string } },
    ok: string,
  ) => {
    if (!r.ok) return setMessage({ kind: 'error', text: r.error.message });
    show(r.value);
    setMessage({ kind: 'ok', text: ok });
  };

  const add = async () => {
    const r = await bridge.invoke('notify.add', {
      type,
      url,
      ...(token ? { token } : {}),
      ...(allowPrivate ? { allowPrivate } : {}),
    });
    if (r.ok) {
      setUrl('');
      setToken('');
    }
    done(r, `Added a ${type} channel; press Test to try it.`);
  };

  const test = async (id?: string) => {
    const r = await bridge.invoke('notify.test', id);
    if (!r.ok) return setMessage({ kind: 'error', text: r.error.message });
    const failed = r.value.results.filter((x) => !x.ok);
    setMessage(
      failed.length === 0
        ? { kind: 'ok', text: `Delivered to ${r.value.results.map((x) => x.id).join(', ')}.` }
        : { kind: 'error', text: failed.map((x) => `${x.id}: ${x.error ?? 'failed'}`).join('; ') },
    );
  };

  // Nothing to type into before the stored values arrive: they would overwrite what was typed.
  if (!report) return null;
  return (
    <section aria-label="Push notifications" data-testid="notify-panel">
      <h2>Push notifications</h2>
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <select aria-label="Channel type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="ntfy">ntfy</option>
          <option value="discord">Discord</option>
          <option value="webhook">Webhook</option>
        </select>
        <input
          aria-label="Channel URL"
          placeholder={type === 'ntfy' ? 'https://ntfy.sh/your-topic' : 'https://…'}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        {type === 'ntfy' && (
          <input
            aria-label="ntfy access token (optional)"
            type="password"
            placeholder="tk_… (optional)"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        )}
        <label>
          <input
            type="checkbox"
            checked={allowPrivate}
            onChange={(e) => setAllowPrivate(e.target.checked)}
          />{' '}
          A target on my own network
        </label>
        <button type="submit">Add channel</button>
      </form>
      <OutcomeLine outcome={message} testId="notify-message" />
      {report.channels.length > 0 && (
        <table data-testid="channels">
          <thead>
            <tr>
              <th>Channel</th>
              <th>Type</th>
              <th>Target</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {report.channels.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.type}</td>
                <td>{c.target}</td>
                <td>
                  <button className="small" onClick={() => void test(c.id)}>
                    Test
                  </button>{' '}
                  <button
                    className="small"
                    onClick={() =>
                      void bridge
                        .invoke('notify.remove', c.id)
                        .then((r) => done(r, `Removed ${c.id}.`))
                    }
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          void bridge
            .invoke('notify.quiet', quiet.trim() === '' ? null : quiet.trim())
            .then((r) =>
              done(r, quiet.trim() === '' ? 'Quiet hours off.' : `Quiet hours ${quiet}.`),
            );
        }}
      >
        <input
          aria-label="Quiet hours"
          placeholder="quiet hours, e.g. 22:00-07:00 (empty: off)"
          value={quiet}
          onChange={(e) => setQuiet(e.target.value)}
        />
        <button type="submit">Save quiet hours</button>
        <span className="hint">Criticals still go out in quiet hours.</span>
      </form>
    </section>
  );
};
