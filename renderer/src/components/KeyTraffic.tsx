import { useMemo } from 'react';
import uPlot from 'uplot';
import type { AuditCall } from '../../../electron/shared/models';
import type { UsageRow } from '../../../electron/shared/keys';
import { binIndex, callsPerMinute, tokenHistogram } from '../traffic';
import { baseChart, cssVar, themedAxes, useUPlot } from '../use-uplot';

/** Calls per minute over the last hour: a small line, no axes, its peak said in words. */
export const Sparkline = ({
  calls,
  now,
  width,
}: {
  calls: readonly AuditCall[];
  now: number;
  /** In a table cell: this many pixels, and the words for screen readers only. */
  width?: number;
}) => {
  const { t, n } = useMemo(() => callsPerMinute(calls, now), [calls, now]);
  const data = useMemo((): uPlot.AlignedData => [t, n], [t, n]);
  const height = width ? 28 : 48;
  const box = useUPlot(
    (w) => ({
      width: width ?? Math.min(w, 360),
      height,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: true }, y: { range: (_u, _lo, hi) => [0, Math.max(1, hi)] } },
      axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: cssVar('--chart-fan'), width: 1.5, fill: cssVar('--info-bg') }],
    }),
    data,
    height,
    width,
  );
  const total = n.reduce((a, b) => a + b, 0);
  return (
    <figure className="spark" data-testid="calls-sparkline" data-calls={total}>
      <div ref={box} aria-hidden="true" />
      <figcaption className={width ? 'visually-hidden' : 'hint'}>
        {total} call{total === 1 ? '' : 's'} in the last hour, at most {Math.max(0, ...n)} in one
        minute.
      </figcaption>
    </figure>
  );
};

/**
 * Tokens per call as bars in power-of-two bins, with the key's p50, p95 and max drawn as lines:
 * the long tail of huge prompts stands out.
 */
const Histogram = ({
  calls,
  usage,
}: {
  calls: readonly AuditCall[];
  usage: UsageRow | undefined;
}) => {
  const bins = useMemo(() => tokenHistogram(calls), [calls]);
  const data = useMemo(
    (): uPlot.AlignedData => [bins.map((_, i) => i), bins.map((b) => b.count)],
    [bins],
  );
  // One line per bin: marks that share a bin share a label ("p95 · max"), never drawn on top of each other.
  const marks = useMemo(() => {
    const byBin = new Map<number, string[]>();
    for (const k of ['p50', 'p95', 'max'] as const) {
      const v = usage?.tokensPerCall[k] ?? null;
      if (v !== null) byBin.set(binIndex(v), [...(byBin.get(binIndex(v)) ?? []), k]);
    }
    return [...byBin].map(([bin, ks]) => ({ bin, k: ks.join(' · ') }));
  }, [usage]);
  const box = useUPlot(
    (width) => ({
      ...baseChart(width, 160),
      scales: { x: { time: false, range: (_u, lo, hi) => [lo - 0.5, hi + 0.5] }, n: {} },
      series: [
        {},
        {
          label: 'calls',
          scale: 'n',
          stroke: cssVar('--chart-power'),
          fill: cssVar('--chart-power'),
          paths: uPlot.paths.bars?.({ size: [0.8, 60] }),
          points: { show: false },
        },
      ],
      axes: themedAxes([{ scale: 'n', label: 'calls' }]).map((a, i) =>
        i === 0
          ? {
              ...a,
              splits: () => bins.map((_, j) => j),
              values: () => bins.map((b) => (b.from === 0 ? `<${b.to + 1}` : `${b.from}+`)),
            }
          : a,
      ),
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = cssVar('--bad');
            ctx.fillStyle = cssVar('--fg');
            ctx.setLineDash([4, 3]);
            ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui`;
            for (const m of marks) {
              const x = u.valToPos(m.bin, 'x', true);
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.fillText(m.k, x + 3, u.bbox.top + 12 * devicePixelRatio);
            }
            ctx.restore();
          },
        ],
      },
    }),
    data,
    160,
  );
  const t = usage?.tokensPerCall;
  return (
    <figure className="chart" data-testid="tokens-histogram" data-bins={bins.length}>
      <div ref={box} aria-hidden="true" />
      <figcaption className="hint">
        Tokens per call over the last 24 h: {calls.length} call{calls.length === 1 ? '' : 's'}
        {t && t.p50 !== null
          ? `; p50 ${t.p50}, p95 ${t.p95 ?? '—'}, max ${t.max ?? '—'} tokens`
          : ''}
        .
      </figcaption>
    </figure>
  );
};

/** One key's traffic: calls per minute for the last hour and tokens per call for the day. */
export const KeyTraffic = ({
  alias,
  calls,
  usage,
  now,
}: {
  alias: string;
  calls: readonly AuditCall[];
  usage: UsageRow | undefined;
  now: number;
}) => (
  <div className="traffic" data-testid={`traffic-${alias}`}>
    <Sparkline calls={calls} now={now} />
    {calls.length > 0 ? (
      <Histogram calls={calls} usage={usage} />
    ) : (
      <p className="hint">No calls from {alias} in the last 24 h.</p>
    )}
  </div>
);
