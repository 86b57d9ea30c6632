import { type FormEvent, useEffect, useState } from 'react';
import { liveEvents } from '../live-events';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { GpuReport } from '../../../electron/shared/gpu';
import type { GpuAlertLimitsReport } from '../../../electron/shared/settings';
import { type Outcome, OutcomeLine } from './OutcomeLine';

type Name = keyof GpuAlertLimitsReport['limits'];
const fields: Name[] = ['marginC', 'spinUpC', 'siblingGapC'];

/** Whole digits become a number; anything else goes as typed, so the refusal quotes it. */
const typed = (name: Name, text: string): number | string | null =>
  name === 'spinUpC' && text.trim() === '' ? null : /^\d+$/.test(text.trim()) ? Number(text) : text;

/**
 * The GPU alert thresholds an operator may move (`hagw gpu limits`), each with its allowed range
 * beside it. Ranges are enforced where they are stored, not here: an out-of-range value comes
 * back refused with its range, and nothing of that change is saved.
 */
export const GpuAlertsPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [report, setReport] = useState<GpuAlertLimitsReport | null>(null);
  const [gpus, setGpus] = useState<GpuReport['gpus']>([]);
  const [message, setMessage] = useState<Outcome>(null);
  useEffect(() => {
    // A failed read is said, never dropped (the form would otherwise stay empty without a word).
    const failed = (e: { message: string }) => setMessage({ kind: 'error', text: e.message });
    void bridge
      .invoke('settings.gpuAlerts')
      .then((r) => (r.ok ? setReport(r.value) : failed(r.error)));
    void bridge.invoke('gpu.get').then((r) => (r.ok ? setGpus(r.value.gpus) : failed(r.error)));
    // Live: a monitor that just started has no card yet when this view mounts.
    return liveEvents(bridge).on('gpu.changed', (r) => setGpus(r.gpus));
  }, [bridge]);

  const answer = (
    r: Awaited<ReturnType<typeof bridge.invoke<'settings.gpuAlerts'>>>,
    ok: string,
  ) => {
    if (!r.ok) return setMessage({ kind: 'error', text: r.error.message });
    setReport(r.value);
    setMessage({ kind: 'ok', text: ok });
  };
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const change = Object.fromEntries(
      fields.map((n) => [n, typed(n, (form.get(n) as string | null) ?? '')]),
    ) as Partial<GpuAlertLimitsReport['limits']>;
    answer(
      await bridge.invoke('settings.gpuAlerts', change),
      'Saved: the monitor uses them within 15 s.',
    );
  };
  const reset = async () =>
    answer(await bridge.invoke('settings.gpuAlerts', 'reset'), 'Back to the defaults.');

  if (!report) return null;
  const hint = (n: Name) => {
    const { min, max } = report.ranges[n] ?? { min: 0, max: 0 };
    const d = report.defaults[n];
    return `${min}–${max} °C; default ${d === null ? 'automatic (55–65 °C from the card)' : `${d} °C`}`;
  };
  return (
    <section aria-labelledby="gpu-alerts-title" data-testid="gpu-alerts-panel">
      <h2 id="gpu-alerts-title">GPU alerts</h2>
      {/* noValidate: the range check that counts is the stored one, and its message names the range. */}
      <form
        className="fields"
        aria-label="GPU alert thresholds"
        noValidate
        // The key remounts the inputs with the saved values after each answer.
        key={JSON.stringify(report.limits)}
        onSubmit={(e) => void save(e)}
      >
        {fields.map((n) => (
          <div key={n} className="field">
            <label htmlFor={`gpu-alert-${n}`}>{report.labels[n]}</label>
            <input
              id={`gpu-alert-${n}`}
              name={n}
              type="number"
              inputMode="numeric"
              min={report.ranges[n]?.min}
              max={report.ranges[n]?.max}
              step="1"
              defaultValue={report.limits[n] ?? ''}
              placeholder={n === 'spinUpC' ? 'automatic' : undefined}
              aria-describedby={`gpu-alert-${n}-range`}
            />
            <span id={`gpu-alert-${n}-range`} className="hint">
              {hint(n)}
            </span>
          </div>
        ))}
        <button type="submit">Save thresholds</button>
        <button type="button" onClick={() => void reset()} disabled={report.changed.length === 0}>
          Reset to defaults
        </button>
      </form>
      <OutcomeLine outcome={message} testId="gpu-alerts-message" />
      {report.ignored.map((i) => (
        <p key={i} className="reason">
          {i}
        </p>
      ))}
      {gpus.length > 0 && (
        <ul data-testid="gpu-warn-at">
          {gpus.map((g) => (
            <li key={g.busId}>
              GPU {g.index} ({g.name}):{' '}
              {g.thresholds.slowdownC === null
                ? 'reports no slowdown temperature'
                : `warns at ${g.thresholds.slowdownC - report.limits.marginC} °C, slows down at ${g.thresholds.slowdownC} °C`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
