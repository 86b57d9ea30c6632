import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { HagwBridge } from '../../../electron/shared/contract';
import { LifecycleEnergy } from './LifecycleEnergy';
import type { GpuWeekReport } from '../../../electron/shared/gpu';
import { gpuChart, useUPlot } from '../use-uplot';

type Card = GpuWeekReport['gpus'][number];
const height = 200;

const range = (xs: readonly (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  if (v.length === 0) return null;
  const [lo, hi] = [Math.round(Math.min(...v)), Math.round(Math.max(...v))];
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
};

const WeekPlot = ({ c }: { c: Card }) => {
  const data = useMemo(
    (): uPlot.AlignedData => [c.t, c.tempMaxC, c.fanMeanPercent, c.powerMeanW],
    [c],
  );
  const box = useUPlot(
    (width) => gpuChart(width, height, { temperature: 'Hottest (°C)', lineWidth: 1 }),
    data,
    height,
  );
  const hours = c.t.length < 2 ? 0 : Math.round((c.t[c.t.length - 1]! - c.t[0]!) / 3600);
  return (
    <figure className="chart" data-testid={`gpu-week-${c.index}`} data-points={c.t.length}>
      <div ref={box} aria-hidden="true" />
      <figcaption className="hint">
        GPU {c.index}, {c.t.length} minute{c.t.length === 1 ? '' : 's'} over {hours} h: hottest{' '}
        {range(c.tempMaxC) ?? '—'} °C, fan {range(c.fanMeanPercent) ?? '—'} %, power{' '}
        {range(c.powerMeanW) ?? '—'} W.
      </figcaption>
    </figure>
  );
};

/** The last 7 days per card, a summary a minute, kept on disk by the supervisor (bounded). */
export const WeekChart = ({ bridge }: { bridge: HagwBridge }) => {
  const [week, setWeek] = useState<GpuWeekReport | null>(null);
  useEffect(() => {
    void bridge.invoke('gpu.week').then((r) => r.ok && setWeek(r.value));
  }, [bridge]);
  if (!week) return null;
  return (
    <section aria-labelledby="week-title" data-testid="gpu-week">
      <h2 id="week-title">Last 7 days</h2>
      {week.gpus.length === 0 ? (
        <p className="hint">
          Nothing recorded yet: a summary a minute is kept while the app or hagw monitor runs.
        </p>
      ) : (
        week.gpus.map((c) => <WeekPlot key={c.busId} c={c} />)
      )}
      {week.lifecycle && <LifecycleEnergy energy={week.lifecycle} />}
    </section>
  );
};
