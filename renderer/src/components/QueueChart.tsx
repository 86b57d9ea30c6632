import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { QueueHistory } from '../../../electron/shared/vllm';
import { baseChart, cssVar, themedAxes, useUPlot } from '../use-uplot';

const height = 160;
/** The server samples vLLM's /metrics every 15 s; asking more often would show nothing new. */
const refreshMs = 15_000;

const QueuePlot = ({ q }: { q: QueueHistory }) => {
  const data = useMemo((): uPlot.AlignedData => [q.t, q.waiting, q.t.map(() => q.threshold)], [q]);
  const box = useUPlot(
    (width) => ({
      ...baseChart(width, height),
      scales: {
        x: { time: true },
        n: { range: (_u, _lo, hi) => [0, Math.max(hi, q.threshold) + 2] },
      },
      series: [
        {},
        { label: 'waiting', scale: 'n', stroke: cssVar('--chart-fan'), width: 2 },
        { label: 'threshold', scale: 'n', stroke: cssVar('--bad'), dash: [6, 4], width: 1 },
      ],
      axes: themedAxes([{ scale: 'n', label: 'requests waiting' }]),
    }),
    data,
    height,
  );
  const peak = Math.max(0, ...q.waiting);
  return (
    <figure className="chart" data-testid="queue-chart" data-points={q.t.length}>
      <div ref={box} aria-hidden="true" />
      <figcaption className="hint">
        vLLM's queue over the last hour: at most {peak} request{peak === 1 ? '' : 's'} waiting,{' '}
        {q.waiting.at(-1) ?? 0} now. More than {q.threshold} for {q.windowMinutes} minutes means the
        card is outgrown (the load advice says so).
      </figcaption>
    </figure>
  );
};

/** vLLM's queue depth, the signal that one card is no longer enough; refreshed as it is sampled. */
export const QueueChart = ({ bridge }: { bridge: HagwBridge }) => {
  const [q, setQ] = useState<QueueHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // No event carries the queue (it is sampled every 15 s in the main process): asked again on
    // this timer. A failed ask is shown beside the last chart, never dropped.
    const load = () =>
      void bridge.invoke('load.queue').then((r) => {
        setError(r.ok ? null : r.error.message);
        if (r.ok) setQ(r.value);
      });
    load();
    const timer = window.setInterval(load, refreshMs);
    return () => window.clearInterval(timer);
  }, [bridge]);
  if (!q)
    return error ? (
      <p role="alert" className="error">
        vLLM queue: {error}
      </p>
    ) : null;
  return (
    <section aria-labelledby="queue-title" data-testid="queue-panel">
      <h2 id="queue-title">vLLM queue</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {q.t.length === 0 ? (
        <p className="hint">
          No queue samples yet: vLLM's /metrics is read every 15 s while the stack runs (an
          Ollama-only stack has no queue to show).
        </p>
      ) : (
        <QueuePlot q={q} />
      )}
    </section>
  );
};
