// Load advice from the seed: run the card at about 80 % over an hour; when vLLM's queue stays
// deep, one card is no longer enough.

export interface TimedValue {
  at: number;
  value: number;
}

export interface Advisory {
  id: string;
  severity: 'info' | 'warning';
  message: string;
}

const hour = 60 * 60_000;

const covered = (xs: readonly TimedValue[], now: number, ms: number): TimedValue[] | null => {
  const inWindow = xs.filter((x) => x.at >= now - ms);
  const earliest = xs.findLast((x) => x.at <= now - ms);
  return earliest ? [earliest, ...inWindow] : null;
};

/** Average GPU utilisation over the last hour, with what it means for the operator. */
export const utilisationAdvice = (
  util: readonly TimedValue[],
  now: number,
): { averagePercent: number | null; advisory: Advisory | null } => {
  const win = covered(util, now, hour);
  if (!win) return { averagePercent: null, advisory: null };
  const avg = win.reduce((a, x) => a + x.value, 0) / win.length;
  const rounded = Math.round(avg);
  if (avg >= 95)
    return {
      averagePercent: rounded,
      advisory: {
        id: 'load:saturated',
        severity: 'warning',
        message: `The GPU averaged ${rounded} % over the last hour (aim for about 80 %): requests queue up; cap the busiest key's rate or add a card.`,
      },
    };
  if (avg < 20)
    return {
      averagePercent: rounded,
      advisory: {
        id: 'load:idle',
        severity: 'info',
        message: `The GPU averaged ${rounded} % over the last hour: room for more projects (aim for about 80 %).`,
      },
    };
  return { averagePercent: rounded, advisory: null };
};

/** More than this many requests waiting, for this long, is the queue advice (and the chart's line). */
export const queueThreshold = { waiting: 5, minutes: 10 } as const;

/** vLLM's waiting requests (sum of vllm:num_requests_waiting) above 5 for 10 minutes straight. */
export const queueAdvice = (waiting: readonly TimedValue[], now: number): Advisory | null => {
  const win = covered(waiting, now, queueThreshold.minutes * 60_000);
  if (!win || !win.every((x) => x.value > queueThreshold.waiting)) return null;
  const min = Math.min(...win.map((x) => x.value));
  return {
    id: 'load:outgrown-card',
    severity: 'warning',
    message: `vLLM has had more than ${min} requests waiting for 10 minutes: you have outgrown a single card (add one and use tensor parallelism, or move a project to a smaller model).`,
  };
};
