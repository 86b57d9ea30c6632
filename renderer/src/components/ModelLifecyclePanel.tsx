import { useEffect, useState } from 'react';
import { TableHead } from './TableHead';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { LifecycleReport, ModelLifecycleView } from '../../../electron/shared/lifecycle';
import { type ErrorInfo, errorInFaceWords } from '../../../electron/shared/result';
import { useReport } from '../use-report';

const labels = { idleMinutes: 'Idle minutes', percent: 'VRAM margin' };

const stateText = (m: ModelLifecycleView) =>
  !m.canSleep ? 'always awake' : m.state === 'asleep' ? `asleep (level ${m.level})` : m.state;

const ago = (iso: string | null) => {
  if (iso === null) return '—';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 60
    ? `${s} s ago`
    : s < 3600
      ? `${Math.round(s / 60)} min ago`
      : `${Math.round(s / 3600)} h ago`;
};

const gib = (mib: number) => `${(mib / 1024).toFixed(1)} GiB`;

/**
 * Which local model holds the card (the wake service): each one's state, VRAM, idle time, pin,
 * last use and last wake, and the one switch, Free the GPU / Resume. Read again every few seconds
 * while the view is open: a model wakes and sleeps on its own.
 */
export const ModelLifecyclePanel = ({ bridge }: { bridge: HagwBridge }) => {
  const { report, set, error, setError, load } = useReport(bridge, 'lifecycle.get');
  const [busy, setBusy] = useState(false);
  const [idle, setIdle] = useState<Record<string, string>>({});
  useEffect(() => {
    const t = setInterval(() => void load(), 3000);
    return () => clearInterval(t);
  }, [load]);
  const run = async (
    call: () => Promise<{ ok: boolean; value?: LifecycleReport; error?: ErrorInfo }>,
  ) => {
    setBusy(true);
    const r = await call();
    setBusy(false);
    setError(r.ok ? null : (r.error ?? null));
    if (r.ok && r.value) set(r.value);
  };
  const l = report?.lifecycle ?? null;
  if (report && !l)
    return (
      <p className="hint" data-testid="lifecycle-error">
        Model lifecycle: not available ({report.error ?? 'no wake service'}).
      </p>
    );
  if (!l) return null;
  const anyAwake = l.models.some((m) => m.state === 'awake' || m.state === 'waking');
  return (
    <div data-testid="lifecycle">
      {error && (
        <p role="alert" className="error">
          {errorInFaceWords(error, labels)}
        </p>
      )}
      <p>
        {l.freed ? (
          <button
            type="button"
            data-testid="gpu-switch"
            disabled={busy}
            onClick={() => void run(() => bridge.invoke('lifecycle.resume'))}
          >
            Resume models
          </button>
        ) : (
          <button
            type="button"
            data-testid="gpu-switch"
            disabled={busy || !anyAwake}
            onClick={() => void run(() => bridge.invoke('lifecycle.sleep', 'all'))}
          >
            Free the GPU
          </button>
        )}{' '}
        <span className="hint" data-testid="lifecycle-budget">
          VRAM budget {gib(l.budgetMiB)} of {gib(l.cardMiB)} ({l.marginPercent} % kept free)
          {l.freed ? ' · the GPU is freed: requests get a 503 until Resume' : ''}
        </span>
      </p>
      <table data-testid="lifecycle-models">
        <TableHead
          columns={[
            'Model',
            'State',
            'VRAM',
            'Idle time',
            'Pinned',
            'Last use',
            'Last wake',
            'Waiting',
          ]}
          actions
        />
        <tbody>
          {l.models.map((m) => (
            <tr key={m.name} data-state={m.state}>
              <td className="mono">{m.name}</td>
              <td>{stateText(m)}</td>
              <td>{gib(m.vramMiB)}</td>
              <td>
                <input
                  aria-label={`Idle minutes for ${m.name}`}
                  type="number"
                  min={0}
                  max={1440}
                  className="narrow"
                  value={idle[m.name] ?? String(m.idleMinutes)}
                  onChange={(e) => setIdle({ ...idle, [m.name]: e.target.value })}
                />{' '}
                <button
                  type="button"
                  className="small"
                  disabled={busy || idle[m.name] === undefined}
                  onClick={() =>
                    void run(() =>
                      bridge.invoke('lifecycle.setModel', m.name, {
                        idleMinutes: Number(idle[m.name]),
                      }),
                    ).then(() => setIdle(({ [m.name]: _, ...rest }) => rest))
                  }
                >
                  Save
                </button>
              </td>
              <td>{m.pinned ? 'yes' : 'no'}</td>
              <td>{ago(m.lastUsedAt)}</td>
              <td>{m.lastWakeMs === null ? '—' : `${(m.lastWakeMs / 1000).toFixed(1)} s`}</td>
              <td>{m.held}</td>
              <td>
                <button
                  type="button"
                  className="small"
                  disabled={busy}
                  onClick={() =>
                    void run(() =>
                      bridge.invoke('lifecycle.setModel', m.name, { pinned: !m.pinned }),
                    )
                  }
                >
                  {m.pinned ? 'Unpin' : 'Pin'} {m.name}
                </button>
                {m.canSleep && m.state === 'awake' && (
                  <button
                    type="button"
                    className="small"
                    disabled={busy}
                    onClick={() => void run(() => bridge.invoke('lifecycle.sleep', [m.name]))}
                  >
                    Sleep {m.name}
                  </button>
                )}
                {(m.state === 'asleep' || m.state === 'stopped') && (
                  <button
                    type="button"
                    className="small"
                    disabled={busy || l.freed}
                    onClick={() => void run(() => bridge.invoke('lifecycle.wake', m.name))}
                  >
                    Wake {m.name}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {l.models
        .filter((m) => m.enableWith !== null || m.lastError !== null)
        .map((m) => (
          <p key={m.name} className="hint">
            {m.name}: {m.enableWith ? `always awake: ${m.enableWith}` : m.lastError}
          </p>
        ))}
    </div>
  );
};
