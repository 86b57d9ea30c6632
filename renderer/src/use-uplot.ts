import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Colours from the stylesheet, so a chart follows the light or dark theme. */
export const cssVar = (name: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

const darkQuery = '(prefers-color-scheme: dark)';

// Subscribed once per chart: a query object made in render would be a new dependency each time,
// and the live charts render on every GPU reading.
const useDarkScheme = (): boolean => {
  const [dark, setDark] = useState(() => window.matchMedia(darkQuery).matches);
  useEffect(() => {
    const query = window.matchMedia(darkQuery);
    const on = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener('change', on);
    return () => query.removeEventListener('change', on);
  }, []);
  return dark;
};

/**
 * One uPlot chart in a box: made once (and again when the theme changes, for its colours),
 * resized with the box, fed new data without being rebuilt, destroyed with the component.
 * `options` is called with the box's width; the axes' grid and text colours come from the theme.
 */
export const useUPlot = (
  options: (width: number) => uPlot.Options,
  data: uPlot.AlignedData,
  height: number,
  /** A fixed width (a sparkline in a table cell) instead of the box's, at least 320 px. */
  fixedWidth?: number,
) => {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ options, data });
  latest.current = { options, data };
  const dark = useDarkScheme();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => fixedWidth ?? Math.max(320, el.clientWidth);
    plot.current = new uPlot(latest.current.options(width()), latest.current.data, el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: width(), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [dark, height, fixedWidth]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return box;
};

/** Axes in the theme's colours: x, then one per scale given. */
export const themedAxes = (
  scales: { scale: string; label: string; side?: 1 | 3; grid?: boolean }[],
): uPlot.Axis[] => {
  const fg = cssVar('--fg');
  const grid = { stroke: cssVar('--rule'), width: 1 };
  return [
    { stroke: fg, grid, ticks: grid },
    ...scales.map((s) => ({
      scale: s.scale,
      stroke: fg,
      label: s.label,
      ticks: grid,
      grid: s.grid === false ? { show: false } : grid,
      ...(s.side !== undefined ? { side: s.side } : {}),
    })),
  ];
};

/** What every chart here shares: no legend (the caption is the legend), no drag-to-zoom. */
export const baseChart = (width: number, height: number) => ({
  width,
  height,
  legend: { show: false },
  cursor: { drag: { x: false, y: false } },
});

/**
 * A GPU chart's scales, series and axes: temperature and fan on the left (°C and %, 0-105), power
 * on the right (W); `extra` adds series on the left scale (the slowdown line).
 */
export const gpuChart = (
  width: number,
  height: number,
  o: { temperature: string; lineWidth: number; extra?: uPlot.Series[] },
): uPlot.Options => ({
  ...baseChart(width, height),
  scales: {
    x: { time: true },
    left: { range: [0, 105] },
    w: { range: (_u, lo, hi) => [0, Math.max(hi, lo, 50) * 1.1] },
  },
  series: [
    {},
    {
      label: o.temperature,
      scale: 'left',
      stroke: cssVar('--chart-temp'),
      width: o.lineWidth + 0.5,
    },
    { label: 'Fan (%)', scale: 'left', stroke: cssVar('--chart-fan'), width: o.lineWidth },
    { label: 'Power (W)', scale: 'w', stroke: cssVar('--chart-power'), width: o.lineWidth },
    ...(o.extra ?? []),
  ],
  axes: themedAxes([
    { scale: 'left', label: '°C / %' },
    { scale: 'w', label: 'W', side: 1, grid: false },
  ]),
});
