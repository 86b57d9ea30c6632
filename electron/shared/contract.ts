// The one typed map of everything the renderer may ask for and hear, shared by main (ipcMain),
// preload (contextBridge), the `hagw ui` bridge server and the renderer. Modelled on
// podman-desktop's ipc-invoke channel map: a channel is a name plus its argument and result types.
import type { Result } from './result';
import type { StackSnapshot } from './stack';
import type { AlertsReport } from './alerts';
import type { CertsReport } from './certs';
import type { DoctorReport } from './doctor';
import type { GpuReport } from './gpu';
import type { ImagesReport } from './images';
import type { CreatedKey, KeysReport, KeyView, UsageReport } from './keys';
import type { MaintenanceReport } from './settings';
import type { SetupReport } from './setup';
import type { StatusReport } from './status';

export interface InvokeChannels {
  'status.get': { args: []; result: StatusReport };
  'stack.up': { args: []; result: StackSnapshot };
  'stack.down': { args: []; result: StackSnapshot };
  'stack.restart': { args: [service?: string]; result: StackSnapshot };
  'stack.logs': { args: [service: string, tail?: number]; result: string[] };
  'stack.images': { args: []; result: ImagesReport };
  'setup.run': { args: [dryRun?: boolean]; result: SetupReport };
  'gpu.get': { args: []; result: GpuReport };
  'maintenance.get': { args: []; result: MaintenanceReport };
  'maintenance.cleaned': { args: [date?: string]; result: MaintenanceReport };
  'maintenance.snooze': { args: [how: '1d' | '1w']; result: MaintenanceReport };
  'keys.list': { args: []; result: KeysReport };
  'keys.usage': { args: []; result: UsageReport };
  'keys.create': {
    args: [options: { alias: string; models?: string[]; budgetUsd?: number; rpm?: number }];
    result: CreatedKey;
  };
  /** The one place a raw key reaches the renderer: the key the user asked to copy. */
  'keys.copy': { args: [alias: string]; result: CreatedKey };
  'keys.setBlocked': { args: [alias: string, blocked: boolean]; result: KeyView };
  'keys.updateBudget': { args: [alias: string, budgetUsd: number]; result: KeyView };
  'keys.delete': { args: [alias: string, confirm: 'delete']; result: string };
  'alerts.list': { args: []; result: AlertsReport };
  /** Run one of an alert's actions: block-key, snooze-1d, snooze-1w, mark-cleaned. */
  'alerts.act': { args: [id: string, action: string]; result: AlertsReport };
  'certs.get': { args: []; result: CertsReport };
  'doctor.run': { args: []; result: DoctorReport };
}

export interface EventChannels {
  'stack.changed': StackSnapshot;
  'gpu.changed': GpuReport;
  /** One line of an operation's progress (image pulls, then each service's health). */
  'stack.progress': string;
}

export type InvokeChannel = keyof InvokeChannels;
export type EventChannel = keyof EventChannels;

/** Runtime lists, so preload and the bridge server refuse any channel not in the contract. */
export const invokeChannels = [
  'status.get',
  'stack.up',
  'stack.down',
  'stack.restart',
  'stack.logs',
  'stack.images',
  'setup.run',
  'gpu.get',
  'maintenance.get',
  'maintenance.cleaned',
  'maintenance.snooze',
  'keys.list',
  'keys.usage',
  'keys.create',
  'keys.copy',
  'keys.setBlocked',
  'keys.updateBudget',
  'keys.delete',
  'alerts.list',
  'alerts.act',
  'certs.get',
  'doctor.run',
] as const satisfies readonly InvokeChannel[];
export const eventChannels = [
  'stack.changed',
  'gpu.changed',
] as const satisfies readonly EventChannel[];

export const isInvokeChannel = (name: unknown): name is InvokeChannel =>
  typeof name === 'string' && (invokeChannels as readonly string[]).includes(name);
export const isEventChannel = (name: unknown): name is EventChannel =>
  typeof name === 'string' && (eventChannels as readonly string[]).includes(name);

export type InvokeResult<K extends InvokeChannel> = Result<InvokeChannels[K]['result']>;

/** What window.hagw is in Electron, and what the HTTP bridge client implements in a browser. */
export interface HagwBridge {
  invoke<K extends InvokeChannel>(
    channel: K,
    ...args: InvokeChannels[K]['args']
  ): Promise<InvokeResult<K>>;
  /** Returns the unsubscribe function: every subscription is disposable. */
  on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): () => void;
}

/** The bridge server's routes, so the client and the server agree by construction. */
export const bridgeRoutes = {
  invoke: (channel: InvokeChannel) => `/api/invoke/${channel}`,
  events: '/api/events',
} as const;
