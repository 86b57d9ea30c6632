import { channelCall } from '../../app/channel-call';
import { gpuHandlers } from '../../app/gpu-handlers';
import type { GpuAlertLimitName } from '../../core/gpu-alert-limits';
import type { App } from '../../app/create-app';
import type { GpuAlertLimitsReport } from '../../shared/settings';
import { type CliIo, CliExit, printJson } from '../cli-output';

const unit = (name: string, v: number | null): string =>
  v === null ? (name === 'spinUpC' ? 'automatic (55-65 °C, from the card)' : '—') : `${v} °C`;

const format = (r: GpuAlertLimitsReport): string => {
  const lines = Object.entries(r.limits).map(([name, v]) => {
    const range = r.ranges[name];
    const dflt = r.defaults[name as GpuAlertLimitName];
    const mark = r.changed.includes(name) ? ` (default ${unit(name, dflt)})` : ' (default)';
    return `${r.labels[name] ?? name}: ${unit(name, v)}${mark}; allowed ${range?.min}-${range?.max} °C`;
  });
  return [...lines, ...r.ignored.map((i) => `warning: ${i}`)].join('\n');
};

/** A typed number stays text when it is not whole digits, so the range check names it as typed. */
const degrees = (v: string): number | string => (/^\d+$/.test(v) ? Number(v) : v);

/**
 * `hagw gpu limits [--margin N] [--spin-up N|auto] [--sibling-gap N] [--reset] [--json]`: the
 * alert thresholds the Settings view edits, from a shell. Any value out of range refuses the
 * whole change (exit 2, with the range); nothing is half-written.
 */
export const gpuLimitsCommand = async (
  gw: Pick<App, 'gpu' | 'alerts' | 'clock'>,
  io: CliIo,
  o: {
    margin: string | undefined;
    spinUp: string | undefined;
    siblingGap: string | undefined;
    reset: boolean;
    extra: readonly string[];
    json: boolean;
  },
): Promise<number> => {
  if (o.extra.length > 0)
    throw new CliExit(
      2,
      `unexpected "${o.extra.join(' ')}"; usage: hagw gpu limits [--margin N] [--spin-up N|auto] [--sibling-gap N] [--reset] [--json]`,
    );
  const change: Record<string, unknown> = {};
  if (o.margin !== undefined) change.marginC = degrees(o.margin);
  if (o.spinUp !== undefined) change.spinUpC = o.spinUp === 'auto' ? null : degrees(o.spinUp);
  if (o.siblingGap !== undefined) change.siblingGapC = degrees(o.siblingGap);
  if (o.reset && Object.keys(change).length > 0)
    throw new CliExit(2, '--reset goes alone: it puts every GPU alert threshold back to default.');
  // The Settings view's channel: the same schema, the same ranges, nothing half-written.
  const call = channelCall(gpuHandlers(gw), {
    marginC: '--margin',
    spinUpC: '--spin-up',
    siblingGapC: '--sibling-gap',
  });
  const report = await call(
    'settings.gpuAlerts',
    o.reset ? 'reset' : Object.keys(change).length > 0 ? change : undefined,
  );
  if (o.json) printJson(io, report);
  else io.out(format(report));
  return 0;
};
