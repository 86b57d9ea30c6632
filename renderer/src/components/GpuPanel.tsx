import { useEffect, useState } from 'react';
import { liveEvents } from '../live-events';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { GpuReport } from '../../../electron/shared/gpu';
import type { MaintenanceReport } from '../../../electron/shared/settings';
import { ThermalChart } from './ThermalChart';

const v = (n: number | null, unit: string) => (n === null ? '—' : `${n}${unit}`);

/** GPU temperature and fan health at a glance, live; the dust trend and the cleaning reminder. */
export const GpuPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [gpu, setGpu] = useState<GpuReport | null>(null);
  const [maint, setMaint] = useState<MaintenanceReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void bridge.invoke('gpu.get').then((r) => (r.ok ? setGpu(r.value) : setError(r.error.message)));
    void bridge
      .invoke('maintenance.get')
      .then((r) => (r.ok ? setMaint(r.value) : setError(r.error.message)));
    return liveEvents(bridge).on('gpu.changed', setGpu);
  }, [bridge]);

  const act = async (
    r: Promise<{ ok: true; value: MaintenanceReport } | { ok: false; error: { message: string } }>,
  ) => {
    const res = await r;
    if (res.ok) setMaint(res.value);
    else setError(res.error.message);
  };

  return (
    <section aria-label="GPU" data-testid="gpu-panel">
      <h2>GPU</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {gpu && gpu.gpus.length === 0 && (
        <p className="reason">{gpu.error ?? 'No GPU readings yet.'}</p>
      )}
      {gpu && gpu.gpus.length > 0 && (
        <table data-testid="gpus">
          <thead>
            <tr>
              <th>GPU</th>
              <th>Temperature</th>
              <th>Fan</th>
              <th>Power</th>
              <th>Health</th>
            </tr>
          </thead>
          <tbody>
            {gpu.gpus.map((g) => (
              <tr
                key={g.busId}
                data-testid={`gpu-${g.index}`}
                className={g.health === 'ok' ? '' : 'bad'}
              >
                <td>
                  {g.index}: {g.name}
                </td>
                <td>
                  {v(g.temperatureC, ' °C')}{' '}
                  <span className="hint">(slowdown {v(g.thresholds.slowdownC, ' °C')})</span>
                </td>
                <td>{v(g.fanPercent, ' %')}</td>
                <td>
                  {v(g.powerW, '')} / {v(g.powerLimitW, ' W')}
                </td>
                <td>
                  {g.health}
                  {g.stale ? ' (stale)' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {gpu?.gpus
        .flatMap((g) => g.findings.filter((f) => f.severity !== 'info'))
        .map((f) => (
          <p
            key={f.id}
            className={`finding-${f.severity === 'critical' ? 'error' : 'warning'}`}
            data-testid="gpu-finding"
          >
            {f.message}
          </p>
        ))}
      {maint && (
        <div className="maintenance" data-testid="maintenance">
          <p>
            Dust cleaning: last {maint.lastCleaned}, next due {maint.nextDue}
            {maint.due ? ' — due now' : ''}
            {maint.snoozedUntil
              ? ` (snoozed until ${new Date(maint.snoozedUntil).toLocaleDateString()})`
              : ''}
          </p>
          {maint.trend.map((t) => (
            <p key={t.busId} className={t.dustSuspected ? 'finding-warning' : 'hint'}>
              GPU {t.busId}:{' '}
              {t.changePercent === null
                ? 'no baseline yet'
                : `${t.changePercent.toFixed(1)} % more heat per watt than after the last cleaning`}
            </p>
          ))}
          <ThermalChart maint={maint} />
          <div className="actions">
            <button onClick={() => void act(bridge.invoke('maintenance.cleaned'))}>
              I cleaned it
            </button>
            {maint.due && (
              <>
                <button onClick={() => void act(bridge.invoke('maintenance.snooze', '1d'))}>
                  Remind me tomorrow
                </button>
                <button onClick={() => void act(bridge.invoke('maintenance.snooze', '1w'))}>
                  Next week
                </button>
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
};
