// The ports through which core talks to the world. Adapters in electron/node implement them;
// tests implement them with fakes. Nothing here does I/O.
import type { Disposable } from './disposable';

export interface Clock {
  now(): number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): Disposable;
  setInterval(fn: () => void, ms: number): Disposable;
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the runner killed the child for running past its timeout. */
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Called with each chunk of stdout/stderr as it arrives (progress lines). */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

/** Runs a program with an argv array, never through a shell. */
export interface ProcessRunner {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<ProcessResult>;
}

/** One container of the compose project as Docker reports it, before any interpretation. */
export interface ContainerFacts {
  id: string;
  service: string;
  /** Docker's State.Status: created|running|paused|restarting|removing|exited|dead. */
  status: string;
  /** Docker's State.Health.Status, or null when the image/service has no healthcheck. */
  health: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  exitCode: number | null;
}

export interface ContainerEvent {
  service: string;
  action: string;
  at: number;
}

export interface ContainerSource {
  /** All containers of the project (running or not), found by compose labels, never by name. */
  list(project: string): Promise<ContainerFacts[]>;
  logs(containerId: string, tail: number): Promise<string[]>;
  /** The last `tail` lines, then every new line as the container writes it, until disposed. */
  followLogs(
    containerId: string,
    tail: number,
    onLine: (line: string) => void,
    onEnd: () => void,
  ): Disposable;
  /**
   * Pushes container events of the project; the stream reconnects on its own. onGap is called
   * whenever events may have been missed (connected, reconnected, failed): re-read with list().
   */
  watch(
    project: string,
    onEvent: (event: ContainerEvent) => void,
    onGap: (reason: Error) => void,
  ): Disposable;
}

/** What the compose file says should exist. */
export interface ComposeModel {
  files: string[];
  services: { name: string; profiles: string[] }[];
}

export interface ComposeCommandResult {
  code: number | null;
  /** The tool's own error text, kept verbatim so the person sees what compose said. */
  stderr: string;
}

/** `docker compose` (v2) or `docker-compose` (v1), behind one interface. */
export interface ComposeControl {
  /**
   * The whole project, or one service of it. `env` overrides .env values for this run only: how an
   * update starts a new image before its pin is written.
   */
  up(
    onProgress?: (line: string) => void,
    service?: string,
    env?: Readonly<Record<string, string>>,
  ): Promise<ComposeCommandResult>;
  down(onProgress?: (line: string) => void): Promise<ComposeCommandResult>;
  restart(
    service: string | undefined,
    onProgress?: (line: string) => void,
  ): Promise<ComposeCommandResult>;
}

/**
 * Serialises stack operations across processes (the tray app and any number of `hagw` runs), so
 * two of them never run compose at once. acquire() rejects with GatewayError('BUSY') naming the
 * holder when another process holds it.
 */
export interface OperationLock {
  acquire(operation: string): Promise<Disposable>;
}

/** What a long-running child reports, as it happens. */
export interface ChildEvents {
  stdout(chunk: string): void;
  stderr(chunk: string): void;
  /** The child ended (code, or the signal that ended it). */
  exit(code: number | null, signal: string | null): void;
  /** It could not be started: code 'ENOENT' when the executable does not exist. */
  error(code: string | undefined, message: string): void;
}

export interface RunningChild {
  kill(): void;
}

/**
 * Starts a long-lived child whose output is read as it comes (the nvidia-smi stream). Behind a
 * port so the reader's watchdog, backoff and line handling run on a fake clock in tests. Events
 * arrive after spawn() has returned, never from inside it.
 */
export interface ChildSpawner {
  spawn(
    file: string,
    args: readonly string[],
    env: Record<string, string | undefined> | undefined,
    events: ChildEvents,
  ): RunningChild;
}
