import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { MaintenanceReport } from '../../../electron/shared/settings';
import { baseChart, cssVar, themedAxes, useUPlot } from '../use-uplot';

const height = 200;
const noon = (date: string) => Date.parse(`${date}T12:00:00`) / 1000;

/** Per card: its daily °C/W and its baseline, on one time axis of days. */
const columns = (m: MaintenanceReport, cards: readonly string[]): uPlot.AlignedData => {
  const dates = [...new Set(m.days.map((d) => d.date))].sort();
  const r = (bus: string, date: string) =>
    m.days.find((d) => d.busId === bus && d.date === date)?.r ?? null;
  const baseline = (bus: string) => m.trend.find((t) => t.busId === bus)?.baselineR ?? null;
  return [
    dates.map(noon),
    ...cards.flatMap((bus) => [dates.map((d) => r(bus, d)), dates.map(() => baseline(bus))]),
  ];
};

const describe = (m: MaintenanceReport, bus: string): string => {
  const rs = m.days.filter((d) => d.busId === bus).map((d) => d.r);
  const t = m.trend.find((x) => x.busId === bus);
  const lo = Math.min(...rs).toFixed(3);
  const hi = Math.max(...rs).toFixed(3);
  return `GPU ${bus}: ${lo === hi ? lo : `${lo}–${hi}`} °C/W over ${rs.length} day${rs.length === 1 ? '' : 's'} since the cleaning${
    t && t.baselineR !== null
      ? `; baseline ${t.baselineR.toFixed(3)} °C/W${t.changePercent === null ? '' : ` (${t.changePercent >= 0 ? '+' : ''}${t.changePercent.toFixed(1)} %)`}`
      : '; no baseline yet'
  }.`;
};

/**
 * Heat per watt under steady load, per day since the last cleaning, against the baseline taken
 * after it: dust shows as a line creeping above its dashed baseline (with the fan no harder).
 */
const ThermalPlot = ({ maint }: { maint: MaintenanceReport }) => {
  const cards = useMemo(() => [...new Set(maint.days.map((d) => d.busId))].sort(), [maint]);
  const data = useMemo(() => columns(maint, cards), [maint, cards]);
  const box = useUPlot(
    (width) => ({
      ...baseChart(width, height),
      scales: { x: { time: true }, r: {} },
      series: [
        {},
        ...cards.flatMap((bus): uPlot.Series[] => [
          {
            label: `${bus} °C/W`,
            scale: 'r',
            stroke: cssVar('--chart-temp'),
            width: 2,
            points: { show: true },
          },
          {
            label: `${bus} baseline`,
            scale: 'r',
            stroke: cssVar('--muted'),
            dash: [6, 4],
            width: 1,
          },
        ]),
      ],
      axes: themedAxes([{ scale: 'r', label: '°C per W' }]),
    }),
    data,
    height,
  );
  return (
    <figure className="chart" data-testid="thermal-chart" data-points={maint.days.length}>
      <div ref={box} aria-hidden="true" />
      <figcaption>
        <ul className="legend" aria-hidden="true">
          <li className="legend-temp">°C per W, daily</li>
          <li className="legend-baseline">Baseline after the cleaning</li>
        </ul>
        {cards.map((bus) => (
          <span key={bus} className="hint">
            {describe(maint, bus)}{' '}
          </span>
        ))}
      </figcaption>
    </figure>
  );
};

/** The chart once there are days to draw; until then, what it will show and when. */
export const ThermalChart = ({ maint }: { maint: MaintenanceReport }) =>
  maint.days.length === 0 ? (
    <p className="hint" data-testid="thermal-empty">
      The thermal trend appears after the first day with steady load (5 minutes at half the power
      limit or more), and is compared with the days after the last cleaning.
    </p>
  ) : (
    <ThermalPlot maint={maint} />
  );
