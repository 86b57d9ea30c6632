import type { App } from '../../app/create-app';
import { channelCall } from '../../app/channel-call';
import { lifecycleHandlers } from '../../app/lifecycle-handlers';
import type {
  LifecycleReport,
  LifecycleSnapshot,
  ModelLifecycleView,
} from '../../shared/lifecycle';
import { wholeIn } from '../cli-numbers';
import { type CliIo, CliExit, printJson, table } from '../cli-output';

export const lifecycleUsage =
  'hagw models status | sleep <model>|--all | wake <model> | resume | set <model> [--idle MINUTES] [--pin|--unpin] | margin <percent>';

const ago = (iso: string | null, now: number) => {
  if (iso === null) return '-';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 60
    ? `${s} s ago`
    : s < 3600
      ? `${Math.round(s / 60)} min ago`
      : `${Math.round(s / 3600)} h ago`;
};

const stateOf = (m: ModelLifecycleView) =>
  !m.canSleep ? 'always awake' : m.state === 'asleep' ? `asleep (level ${m.level})` : m.state;

/** The lifecycle table, under `hagw models` and alone in `hagw models status`. */
export const lifecycleTable = (s: LifecycleSnapshot, now: number): string =>
  [
    table([
      ['MODEL', 'STATE', 'VRAM', 'IDLE', 'PINNED', 'LAST USE', 'LAST WAKE', 'WAITING'],
      ...s.models.map((m) => [
        m.name,
        stateOf(m),
        `${(m.vramMiB / 1024).toFixed(1)} GiB`,
        m.idleMinutes === 0 ? 'never' : `${m.idleMinutes} min`,
        m.pinned ? 'yes' : 'no',
        ago(m.lastUsedAt, now),
        m.lastWakeMs === null ? '-' : `${(m.lastWakeMs / 1000).toFixed(1)} s`,
        String(m.held),
      ]),
    ]),
    `VRAM budget ${(s.budgetMiB / 1024).toFixed(1)} of ${(s.cardMiB / 1024).toFixed(1)} GiB (${s.marginPercent} % kept free)${s.freed ? '; the GPU is FREED: requests are refused until "hagw models resume"' : ''}`,
    ...s.models
      .filter((m) => m.enableWith !== null || m.lastError !== null)
      .map((m) => `${m.name}: ${m.enableWith ? `always awake: ${m.enableWith}` : m.lastError}`),
  ].join('\n');

export interface LifecycleArgs {
  action: string;
  target: string | undefined;
  all: boolean;
  idle: string | undefined;
  pin: boolean;
  unpin: boolean;
  json: boolean;
}

/** `hagw models status|sleep|wake|resume|set|margin`: the wake service, through the contract. */
export const modelsLifecycleCommand = async (
  gw: Pick<App, 'models' | 'clock'>,
  io: CliIo,
  a: LifecycleArgs,
): Promise<number> => {
  const call = channelCall(lifecycleHandlers(gw));
  const usage = () => new CliExit(2, `usage: ${lifecycleUsage}`);
  let r: LifecycleReport;
  switch (a.action) {
    case 'status':
      if (a.target !== undefined) throw usage();
      r = await call('lifecycle.get');
      break;
    case 'sleep':
      if (a.all === (a.target !== undefined)) throw usage();
      r = await call('lifecycle.sleep', a.all ? 'all' : [a.target!]);
      break;
    case 'wake':
      if (!a.target) throw usage();
      r = await call('lifecycle.wake', a.target);
      break;
    case 'resume':
      if (a.target !== undefined) throw usage();
      r = await call('lifecycle.resume');
      break;
    case 'set': {
      if (!a.target || (a.idle === undefined && !a.pin && !a.unpin) || (a.pin && a.unpin))
        throw usage();
      r = await call('lifecycle.setModel', a.target, {
        ...(a.idle !== undefined ? { idleMinutes: wholeIn(a.idle, '--idle', 0, 1440)! } : {}),
        ...(a.pin || a.unpin ? { pinned: a.pin } : {}),
      });
      break;
    }
    case 'margin':
      if (!a.target) throw usage();
      r = await call('lifecycle.setMargin', wholeIn(a.target, 'the margin', 0, 50)!);
      break;
    default:
      throw usage();
  }
  if (a.json) printJson(io, r);
  else if (r.lifecycle) {
    if (a.action === 'sleep' && a.all)
      io.out('The GPU is being freed: every model goes to sleep once its requests have finished.');
    if (a.action === 'resume')
      io.out('Resumed: requests are served again; the pinned models wake now.');
    io.out(lifecycleTable(r.lifecycle, gw.clock.now()));
  }
  if (r.error !== null) {
    io.err(`hagw: ${r.error}`);
    return 1;
  }
  return 0;
};
