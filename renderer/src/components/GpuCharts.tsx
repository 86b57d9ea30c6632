import { useEffect, useMemo, useState } from 'react';
import { liveEvents } from '../live-events';
import type uPlot from 'uplot';
import type { HagwBridge } from '../../../electron/shared/contract';
import { appendReport, describeSeries, type GpuSeries } from '../gpu-series';
import { cssVar, gpuChart, useUPlot } from '../use-uplot';

const height = 220;

const columns = (g: GpuSeries): uPlot.AlignedData => [
  g.t,
  g.temperatureC,
  g.fanPercent,
  g.powerW,
  g.t.map(() => g.slowdownC),
];

/**
 * One card's last hour: temperature and fan on the left scale (°C and %, 0–105), power on the
 * right (W), and the card's slowdown temperature as a dashed line. The canvas is drawn for eyes;
 * the caption says the same in words.
 */
const GpuChart = ({ g }: { g: GpuSeries }) => {
  const data = useMemo(() => columns(g), [g]);
  const box = useUPlot(
    (width) =>
      gpuChart(width, height, {
        temperature: 'Temperature (°C)',
        lineWidth: 1.5,
        extra: [
          {
            label: 'Slowdown (°C)',
            scale: 'left',
            stroke: cssVar('--bad'),
            dash: [6, 4],
            width: 1,
          },
        ],
      }),
    data,
    height,
  );

  return (
    <figure className="chart" data-testid={`gpu-chart-${g.index}`} data-points={g.t.length}>
      <div ref={box} aria-hidden="true" />
      <figcaption>
        <ul className="legend" aria-hidden="true">
          <li className="legend-temp">Temperature (°C)</li>
          <li className="legend-fan">Fan (%)</li>
          <li className="legend-power">Power (W)</li>
          <li className="legend-slowdown">Slowdown (°C)</li>
        </ul>
        <span className="hint">{describeSeries(g)}</span>
      </figcaption>
    </figure>
  );
};

/** The last hour per card, live: the server's buffer on open, then every report appended. */
export const GpuCharts = ({ bridge }: { bridge: HagwBridge }) => {
  const [hist, setHist] = useState<GpuSeries[]>([]);
  useEffect(() => {
    let loaded = false;
    void bridge.invoke('gpu.history').then((r) => {
      loaded = true;
      if (r.ok) setHist(r.value.gpus);
    });
    return liveEvents(bridge).on('gpu.changed', (report) => {
      if (loaded) setHist((h) => appendReport(h, report, Date.now() / 1000));
    });
  }, [bridge]);
  if (hist.length === 0) return null;
  return (
    <section aria-labelledby="gpu-charts-title" data-testid="gpu-charts">
      <h2 id="gpu-charts-title">Last hour</h2>
      {hist.map((g) => (
        <GpuChart key={g.busId} g={g} />
      ))}
    </section>
  );
};
