import type { AlertDto } from '../shared/alerts';
import type { GpuReport } from '../shared/gpu';
import type { LifecycleSnapshot } from '../shared/lifecycle';
import type { Advisory } from './load-advisor';
import { stackActions } from '../shared/stack-actions';
import type { StackSnapshot, StackStateName } from '../shared/stack';

/** The icon files in resources/ are named after these. */
export type TrayIconName = 'running' | 'starting' | 'partial' | 'stopped' | 'error';

export type TrayAction =
  | 'stack.up'
  | 'stack.down'
  | 'stack.restart'
  | 'window.show'
  | 'quit'
  | 'quit.stop-stack'
  /** args: [alias] — the key's .env lines to the clipboard. */
  | 'key.copy'
  /** args: [alert id, action id] — one of the alert's own actions (snooze, block, cleaned). */
  | 'alert.act'
  /** Every model to sleep (lifecycle.sleep "all"), and back (lifecycle.resume). */
  | 'gpu.free'
  | 'gpu.resume';

export type TrayMenuItem =
  | { kind: 'label'; label: string }
  | { kind: 'separator' }
  | {
      kind: 'action';
      label: string;
      action: TrayAction;
      enabled: boolean;
      args?: readonly string[];
    }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] };

/** What else the tray shows besides the stack and the GPUs. */
export interface TrayExtras {
  /** Aliases whose raw key is in the vault: "Copy key for ▸" offers these. */
  keys?: readonly string[];
  /** The live alerts; the tray lists the most severe few, each with its actions. */
  alerts?: readonly AlertDto[];
  /** The local models' lifecycle (the wake service); null or absent: none in this stack. */
  lifecycle?: LifecycleSnapshot | null;
}

/** "local-chat: asleep (level 1)" per model, then Free the GPU or Resume: the one switch. */
export const lifecycleItems = (l: LifecycleSnapshot | null | undefined): TrayMenuItem[] => {
  if (!l || l.models.length === 0) return [];
  const lines = l.models.map((m): TrayMenuItem => {
    const state = !m.canSleep
      ? 'always awake'
      : m.state === 'asleep'
        ? `asleep (level ${m.level})`
        : m.state;
    const vram = `${(m.vramMiB / 1024).toFixed(1)} GiB`;
    return { kind: 'label', label: `${m.name}: ${state} · ${vram}${m.pinned ? ' · pinned' : ''}` };
  });
  const awake = l.models.some((m) => m.state === 'awake' || m.state === 'waking');
  return [
    { kind: 'separator' },
    ...lines,
    l.freed
      ? { kind: 'action', label: 'Resume models', action: 'gpu.resume', enabled: true }
      : { kind: 'action', label: 'Free the GPU', action: 'gpu.free', enabled: awake },
  ];
};

/** More than this many alerts: the rest are one "… more in the dashboard" line. */
export const trayAlertLines = 4;

const severityRank = { critical: 0, warning: 1, info: 2 } as const;

export interface TrayMenuModel {
  icon: TrayIconName;
  tooltip: string;
  items: TrayMenuItem[];
}

const iconFor: Record<StackStateName, TrayIconName> = {
  running: 'running',
  starting: 'starting',
  partial: 'partial',
  stopped: 'stopped',
  error: 'error',
  'docker-unavailable': 'error',
};

const headline = (s: StackSnapshot): string => {
  const up = s.services.filter((x) => x.state === 'running').length;
  switch (s.state) {
    case 'running':
      return `Gateway running (${up}/${s.services.length} services)`;
    case 'starting':
      return s.operation === 'down'
        ? 'Gateway stopping…'
        : `Gateway starting (${up}/${s.services.length})…`;
    case 'partial': {
      const bad = s.services
        .filter((x) => x.state !== 'running' || x.health === 'unhealthy')
        .map((x) => x.name);
      return `Gateway degraded: ${bad.join(', ')}`;
    }
    case 'stopped':
      return 'Gateway stopped';
    case 'error':
    case 'docker-unavailable':
      return s.reason ?? 'Gateway unavailable';
  }
};

/** "GPU 0: 68 °C · fan 62 % · ok" — temperature and fan health at a glance. */
export const gpuLines = (gpu: GpuReport | null): string[] => {
  if (!gpu) return [];
  if (gpu.gpus.length === 0) return gpu.error ? [`GPU: ${gpu.error}`] : [];
  return gpu.gpus.map((g) => {
    // A card lost before any reading has only its bus id to show.
    if (g.health === 'lost' && g.temperatureC === null) return `GPU ${g.busId}: lost (reboot)`;
    const temp = g.temperatureC === null ? '— °C' : `${g.temperatureC} °C`;
    const fan = g.fanPercent === null ? 'fan —' : `fan ${g.fanPercent} %`;
    return `GPU ${g.index}: ${temp} · ${fan} · ${g.health}${g.stale ? ' (stale)' : ''}`;
  });
};

/** The hottest card, for the tooltip: the one number that says whether to look closer. */
const hottest = (gpu: GpuReport | null): string | null => {
  const hot = (gpu?.gpus ?? [])
    .filter((g) => g.temperatureC !== null)
    .sort((a, b) => (b.temperatureC ?? 0) - (a.temperatureC ?? 0))[0];
  return hot ? `Hottest GPU ${hot.index}: ${hot.temperatureC} °C (${hot.health})` : null;
};

/** The alerts not snoozed, most severe first. */
const liveAlerts = (alerts: readonly AlertDto[]): AlertDto[] =>
  alerts
    .filter((a) => a.snoozedUntil === null)
    .sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);

const alertItems = (live: readonly AlertDto[]): TrayMenuItem[] => {
  const shown = live.slice(0, trayAlertLines).map((a): TrayMenuItem => ({
    kind: 'submenu',
    label: `${a.severity === 'critical' ? '⛔' : a.severity === 'warning' ? '⚠' : 'ℹ'} ${a.title}`,
    items: [
      { kind: 'label', label: a.message },
      ...a.actions.map((x): TrayMenuItem => ({
        kind: 'action',
        label: x.label,
        action: 'alert.act',
        enabled: true,
        args: [a.id, x.id],
      })),
    ],
  }));
  const more = live.length - shown.length;
  return more > 0 ? [...shown, { kind: 'label', label: `… ${more} more in the dashboard` }] : shown;
};

/** The tray's whole menu as data: the shell only translates it into Electron's Menu. */
export const buildTrayMenu = (
  s: StackSnapshot,
  progress: string | null = null,
  gpu: GpuReport | null = null,
  advice: readonly Advisory[] = [],
  extras: TrayExtras = {},
): TrayMenuModel => {
  const busy = s.operation !== null;
  const dockerOk = s.state !== 'docker-unavailable';
  const may = stackActions(s);
  const text = headline(s);
  // Load advice sits with the GPU lines: it is about the card (utilisation, vLLM's queue).
  const gpus = [...gpuLines(gpu), ...advice.map((a) => `Load: ${a.message}`)];
  // A critical GPU outranks a healthy stack: the icon must not look fine while a fan fails.
  const gpuBad = gpu?.gpus.some((g) => g.health === 'critical' || g.health === 'lost') ?? false;
  const live = liveAlerts(extras.alerts ?? []);
  const alerts = alertItems(live);
  const firing = live.length;
  const keys = extras.keys ?? [];
  return {
    icon: gpuBad ? 'error' : iconFor[s.state],
    tooltip: [
      text,
      // With several cards, the hottest first: the one number that says whether to look closer.
      ...((gpu?.gpus.length ?? 0) > 1 ? [hottest(gpu)].filter((l): l is string => l !== null) : []),
      ...gpus,
      ...(firing > 0 ? [`${firing} alert${firing === 1 ? '' : 's'}`] : []),
      ...(extras.lifecycle?.freed ? ['GPU freed: models asleep until Resume'] : []),
      ...(progress ? [progress] : []),
    ].join('\n'),
    items: [
      { kind: 'label', label: text },
      ...gpus.map((label): TrayMenuItem => ({ kind: 'label', label })),
      ...(alerts.length > 0 ? [{ kind: 'separator' } as const, ...alerts] : []),
      ...lifecycleItems(extras.lifecycle),
      { kind: 'separator' },
      {
        kind: 'action',
        label: 'Start stack',
        action: 'stack.up',
        enabled: may.start,
      },
      {
        kind: 'action',
        label: 'Stop stack',
        action: 'stack.down',
        enabled: may.stop,
      },
      {
        kind: 'action',
        label: 'Restart stack',
        action: 'stack.restart',
        enabled: may.restart,
      },
      { kind: 'separator' },
      { kind: 'action', label: 'Open dashboard', action: 'window.show', enabled: true },
      keys.length > 0
        ? {
            kind: 'submenu',
            label: 'Copy key for',
            items: keys.map((alias): TrayMenuItem => ({
              kind: 'action',
              label: alias,
              action: 'key.copy',
              enabled: true,
              args: [alias],
            })),
          }
        : { kind: 'label', label: 'Copy key for: no keys yet (hagw keys create <app>)' },
      { kind: 'separator' },
      // "Quit" leaves the stack serving the other projects; the label says so.
      { kind: 'action', label: 'Quit (stack keeps running)', action: 'quit', enabled: true },
      {
        kind: 'action',
        label: 'Stop stack and quit',
        action: 'quit.stop-stack',
        enabled: dockerOk && !busy,
      },
    ],
  };
};
