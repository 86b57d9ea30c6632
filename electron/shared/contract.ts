// The one typed map of everything the renderer may ask for and hear, shared by main (ipcMain),
// preload (contextBridge), the `hagw ui` bridge server and the renderer. Modelled on
// podman-desktop's ipc-invoke channel map: a channel is a name plus its argument and result types.
import type { z } from 'zod';
import type { InvokeArgsSchemas } from './contract-args';
import type { Result } from './result';
import type { StackSnapshot } from './stack';
import type { AlertsReport } from './alerts';
import type { BatchesReport, BatchView } from './batch';
import type { CertsReport } from './certs';
import type { DoctorReport } from './doctor';
import type { GpuHistoryReport, GpuReport, GpuWeekReport } from './gpu';
import type { CompatHistory, CompatReport } from './compat';
import type { ImagesReport, UpdateReport } from './images';
import type { CreatedKey, KeysReport, KeyView, UsageReport } from './keys';
import type { GpuAlertLimitsReport, MaintenanceReport } from './settings';
import type { AuditReport, ModelRow, ModelsReport, SpendLogGrowthView } from './models';
import type { RemoteReport } from './remote';
import type { NotifyReport, NotifyTestReport } from './notify';
import type { SetupReport } from './setup';
import type { StatusReport } from './status';
import type { QueueHistory } from './vllm';
import type { LifecycleReport } from './lifecycle';

/** What each channel answers; its arguments are the zod schemas of contract-args.ts. */
export interface InvokeResults {
  'status.get': StatusReport;
  'stack.up': StackSnapshot;
  'stack.down': StackSnapshot;
  'stack.restart': StackSnapshot;
  'stack.logs': string[];
  'stack.images': ImagesReport;
  /** One service, or every pinned one: pull, start, hagw compat, pin or roll back. */
  'stack.update': UpdateReport;
  'compat.results': CompatHistory;
  /** The compatibility check of the gateway now (temporary keys, deleted after). */
  'compat.run': CompatReport;
  'setup.run': SetupReport;
  'gpu.get': GpuReport;
  'gpu.history': GpuHistoryReport;
  'gpu.week': GpuWeekReport;
  'load.queue': QueueHistory;
  'maintenance.get': MaintenanceReport;
  'maintenance.cleaned': MaintenanceReport;
  'maintenance.snooze': MaintenanceReport;
  'keys.list': KeysReport;
  'keys.usage': UsageReport;
  'keys.create': CreatedKey;
  'keys.rotate': CreatedKey;
  'keys.copy': CreatedKey;
  'keys.setBlocked': KeyView;
  'keys.updateBudget': KeyView;
  'keys.update': KeyView;
  'keys.delete': string;
  'alerts.list': AlertsReport;
  'alerts.act': AlertsReport;
  'certs.get': CertsReport;
  'doctor.run': DoctorReport;
  'notify.list': NotifyReport;
  'notify.add': NotifyReport;
  'notify.remove': NotifyReport;
  'notify.test': NotifyTestReport;
  'notify.quiet': NotifyReport;
  'batches.list': BatchesReport;
  'batches.cancel': BatchView;
  'models.list': ModelsReport;
  'models.add': ModelRow;
  'models.remove': { removed: number; keysStillListing: string[] };
  'lifecycle.get': LifecycleReport;
  'lifecycle.sleep': LifecycleReport;
  'lifecycle.resume': LifecycleReport;
  'lifecycle.wake': LifecycleReport;
  'lifecycle.setModel': LifecycleReport;
  'lifecycle.setMargin': LifecycleReport;
  'audit.list': AuditReport;
  /** null while Postgres does not answer (stack stopped). */
  'audit.growth': SpendLogGrowthView | null;
  'remote.get': RemoteReport;
  'remote.enable': RemoteReport;
  'remote.disable': RemoteReport;
  'app.info': AppInfo;
  'settings.startAtLogin': StartAtLogin;
  'settings.gpuAlerts': GpuAlertLimitsReport;
}

/** A call's arguments as a face sends them (optional ones may be left out or null). */
export type InvokeArgs<K extends InvokeChannel> = z.input<InvokeArgsSchemas[K]>;
/** The same arguments once the dispatch has checked them: what a handler receives. */
export type HandlerArgs<K extends InvokeChannel> = z.output<InvokeArgsSchemas[K]>;

/** The shape of the contract's implementation: one async handler per channel, parsed arguments in. */
export type ContractHandlers = {
  [K in InvokeChannel]: (...args: HandlerArgs<K>) => Promise<InvokeResults[K]>;
};

export type InvokeChannels = {
  [K in InvokeChannel]: { args: InvokeArgs<K>; result: InvokeResults[K] };
};

export interface StartAtLogin {
  startAtLogin: boolean;
  /** false in `hagw ui`: only the tray app can register itself. */
  supported: boolean;
}

/** Where this install keeps things, for the Settings view (paths and URLs, never a secret). */
export interface AppInfo {
  dataDir: string;
  envFile: string;
  composeFiles: string[];
  /** What projects put in OPENAI_BASE_URL (add /v1). */
  gatewayUrl: string;
  /** Set when this desktop shows no tray icon (GNOME without AppIndicator): how to get one. */
  trayHint: string | null;
}

export interface EventChannels {
  'stack.changed': StackSnapshot;
  'gpu.changed': GpuReport;
  /** One line of an operation's progress (image pulls, then each service's health). */
  'stack.progress': string;
  'alerts.changed': AlertsReport;
  /** Every key's batches, when a batch started, moved on or ended (checked each alert tick). */
  'batches.changed': BatchesReport;
}

export type InvokeChannel = keyof InvokeResults;
export type EventChannel = keyof EventChannels;

/**
 * Every channel declared once, as an object: `satisfies Record<...>` makes the compiler refuse a
 * channel missing here, so the runtime lists below (what preload and the bridge accept) are
 * exhaustive by construction. The value says what the channel is for.
 */
const invokeChannelInfo = {
  'status.get': 'the stack, its services and LiteLLM',
  'stack.up': 'the start use case: up, wait until healthy, pin what was pulled',
  'stack.down': 'stop the stack',
  'stack.restart': 'restart the stack or one service',
  'stack.logs': "a service's last lines (500 at most)",
  'stack.images': 'which image each service runs',
  'stack.update': 'update images, gated by the compatibility check',
  'compat.results': 'the last compatibility result per service',
  'compat.run': 'check the gateway for OpenAI compatibility now',
  'setup.run': "write the stack's .env",
  'gpu.get': 'the live GPU report',
  'gpu.history': 'the last hour of temperature, fan and power per card',
  'gpu.week': 'the last 7 days per card, a summary a minute',
  'load.queue': "vLLM's queue depth over the last hour",
  'maintenance.get': 'the dust-cleaning reminder and thermal trend',
  'maintenance.cleaned': 'record a cleaning',
  'maintenance.snooze': 'snooze the cleaning reminder',
  'keys.list': 'the keys, without their secrets',
  'keys.usage': 'spend and rates per key',
  'keys.create': 'a new key',
  'keys.copy': 'the one raw key the user asked to copy',
  'keys.rotate': 'replace a key (confirmed): the old one stops working at once',
  'keys.setBlocked': 'block or unblock a key',
  'keys.updateBudget': "change a key's budget",
  'keys.update': "change a key's budget, rate limit or models",
  'keys.delete': 'delete a key (confirmed)',
  'alerts.list': 'the live alerts',
  'alerts.act': "run one of an alert's actions",
  'certs.get': "each site's certificate",
  'doctor.run': 'the doctor',
  'notify.list': 'push channels (URLs redacted) and quiet hours',
  'notify.add': 'add a push channel',
  'notify.remove': 'remove a push channel',
  'notify.test': 'send a test message to one channel or all',
  'notify.quiet': 'set or clear quiet hours',
  'batches.list': "every key's batch jobs, with app and progress",
  'batches.cancel': 'cancel a batch (what is done is kept)',
  'models.list': 'LiteLLM routes next to what vLLM and Ollama serve',
  'models.add': 'route a served local model, with a reference price',
  'models.remove': 'remove a route added through the model API (confirmed)',
  'lifecycle.get': 'each local model awake or asleep, its VRAM, last use and wake time',
  'lifecycle.sleep': 'put models to sleep; "all" frees the GPU until Resume',
  'lifecycle.resume': 'serve again after Free the GPU, and wake the pinned models',
  'lifecycle.wake': 'wake one model now',
  'lifecycle.setModel': "a model's idle time (minutes, 0 never) and pin",
  'lifecycle.setMargin': 'the VRAM kept free of models, in percent of the card',
  'audit.list': 'calls from the spend logs, filtered',
  'audit.growth': "the spend-log table's size and 30-day projection",
  'remote.get': 'which tunnels are on (never their secrets)',
  'remote.enable': 'start a tunnel whose secret is already in the .env',
  'remote.disable': 'stop one tunnel or both',
  'app.info': 'the data directory, the .env and the gateway URL',
  'settings.startAtLogin': 'whether the tray app starts at login (read or set)',
  'settings.gpuAlerts': 'the GPU alert thresholds, their defaults and allowed ranges (read or set)',
} as const satisfies Record<InvokeChannel, string>;

const eventChannelInfo = {
  'stack.changed': 'a new stack snapshot',
  'gpu.changed': 'a new GPU report',
  'stack.progress': "one line of an operation's progress",
  'alerts.changed': 'the live alerts changed (firing, resolved, severity)',
  'batches.changed': "a batch's status or progress changed",
} as const satisfies Record<EventChannel, string>;

/** Runtime lists, so preload and the bridge server refuse any channel not in the contract. */
export const invokeChannels = Object.keys(invokeChannelInfo) as InvokeChannel[];
export const eventChannels = Object.keys(eventChannelInfo) as EventChannel[];

/** The main side's one typed way to send an event (to the window, the bridge, any face). */
export type EmitEvent = <E extends EventChannel>(event: E, payload: EventChannels[E]) => void;

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
