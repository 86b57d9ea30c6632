import type { DockerHandle } from './docker-client';
import type { DockerGet } from './docker-engine-get';
import { PassThrough } from 'node:stream';
import { type Disposable, toDisposable } from '../../core/disposable';
import type { ContainerEvent, ContainerFacts, ContainerSource, Timers } from '../../core/ports';
import { dockerError } from './docker-error';
import { stackStateActions } from '../../core/container-events';

const projectLabel = 'com.docker.compose.project';
const serviceLabel = 'com.docker.compose.service';

/**
 * Docker's non-TTY log stream is multiplexed: 8-byte frames [stream, 0, 0, 0, size(4, BE)].
 * A TTY container sends raw text. Tell them apart by the header shape.
 */
export const demuxDockerLogs = (buf: Buffer): string => {
  const framed = buf.length >= 8 && buf[0]! <= 2 && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
  if (!framed) return buf.toString('utf8');
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
};

export class DockerContainerSource implements ContainerSource {
  constructor(
    private readonly docker: DockerHandle,
    private readonly endpoint: string,
    private readonly timers: Timers,
    /** The list and inspect calls, without dockerode: every `hagw status` makes them. */
    private readonly get: DockerGet,
    /**
     * A failed service's log tail, without dockerode either: `hagw status` on a stack with a dead
     * container read it through dockerode and paid for loading it (ssh2, protobufjs), ~0.4 s.
     */
    private readonly getBytes: (path: string) => Promise<Buffer>,
  ) {}

  async list(project: string): Promise<ContainerFacts[]> {
    try {
      const filters = encodeURIComponent(JSON.stringify({ label: [`${projectLabel}=${project}`] }));
      const rows = await this.get<
        { Id: string; Labels: Record<string, string>; Names: string[] }[]
      >(`/containers/json?all=1&filters=${filters}`);
      return await Promise.all(
        rows.map(async (row): Promise<ContainerFacts> => {
          const info = await this.get<{
            State: {
              Status: string;
              Health?: { Status: string };
              StartedAt: string;
              FinishedAt: string;
              ExitCode: number;
            };
          }>(`/containers/${encodeURIComponent(row.Id)}/json`);
          return {
            id: row.Id,
            service:
              row.Labels[serviceLabel] ?? row.Names[0]?.replace(/^\//, '') ?? row.Id.slice(0, 12),
            status: info.State.Status,
            health: info.State.Health?.Status ?? null,
            startedAt: info.State.StartedAt || null,
            finishedAt: info.State.FinishedAt || null,
            exitCode: info.State.ExitCode,
          };
        }),
      );
    } catch (e) {
      // A container removed between list and inspect is not an outage: read again once.
      if ((e as { statusCode?: number }).statusCode === 404) return this.list(project);
      throw dockerError(e, this.endpoint);
    }
  }

  async logs(containerId: string, tail: number): Promise<string[]> {
    try {
      const buf = await this.getBytes(
        `/containers/${encodeURIComponent(containerId)}/logs?stdout=1&stderr=1&tail=${tail}`,
      );
      return demuxDockerLogs(buf)
        .split(/\r?\n/)
        .filter((l) => l !== '')
        .slice(-tail);
    } catch (e) {
      throw dockerError(e, this.endpoint);
    }
  }

  followLogs(
    containerId: string,
    tail: number,
    onLine: (line: string) => void,
    onEnd: () => void,
  ): Disposable {
    let stream: NodeJS.ReadableStream | null = null;
    let stopped = false;
    const lines = new LineSplitter(onLine);
    const out = new PassThrough();
    out.on('data', (c: Buffer) => lines.push(c.toString('utf8')));
    void this.docker()
      .then(async (docker) => {
        const s = await docker
          .getContainer(containerId)
          .logs({ stdout: true, stderr: true, tail, follow: true });
        if (stopped) return (s as unknown as { destroy?: () => void }).destroy?.();
        stream = s;
        // Non-TTY streams are multiplexed; docker-modem splits them into stdout/stderr.
        docker.modem.demuxStream(s, out, out);
        s.on('end', () => {
          lines.flush();
          onEnd();
        });
      })
      .catch(() => onEnd());
    return toDisposable(() => {
      stopped = true;
      (stream as unknown as { destroy?: () => void } | null)?.destroy?.();
    });
  }

  /** Follows /events; after the daemon goes away, reconnects with backoff (1 s doubling to 30 s). */
  watch(
    project: string,
    onEvent: (e: ContainerEvent) => void,
    onGap: (e: Error) => void,
  ): Disposable {
    let stopped = false;
    let stream: NodeJS.ReadableStream | null = null;
    let retry: Disposable | null = null;
    let delay = 1000;
    const connect = () => {
      if (stopped) return;
      this.docker().then(
        (docker) => subscribe(docker),
        (e: unknown) => reconnect(e),
      );
    };
    const subscribe = (docker: Awaited<ReturnType<DockerHandle>>) => {
      if (stopped) return;
      docker.getEvents(
        {
          filters: {
            type: ['container'],
            label: [`${projectLabel}=${project}`],
            // Health-check execs arrive several times a second; the daemon keeps them to itself.
            event: [...stackStateActions],
          },
        },
        (err, s) => {
          if (stopped) {
            (s as unknown as { destroy?: () => void } | undefined)?.destroy?.();
            return;
          }
          if (err || !s) return reconnect(err ?? new Error('no event stream'));
          stream = s;
          delay = 1000;
          // Events since the last list are unknown: a (re)connect is a reason to re-sync.
          onGap(new Error('event stream (re)connected'));
          let pending = '';
          s.on('data', (chunk: Buffer) => {
            pending += chunk.toString('utf8');
            const lines = pending.split('\n');
            pending = lines.pop() ?? '';
            for (const line of lines) this.emit(line, onEvent);
          });
          s.on('error', (e: Error) => reconnect(e));
          s.on('end', () => reconnect(new Error('Docker closed the event stream')));
        },
      );
    };
    const reconnect = (e: unknown) => {
      if (stopped) return;
      stream = null;
      onGap(dockerError(e, this.endpoint));
      retry?.dispose();
      retry = this.timers.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30_000);
    };
    connect();
    return toDisposable(() => {
      stopped = true;
      retry?.dispose();
      (stream as unknown as { destroy?: () => void } | null)?.destroy?.();
    });
  }

  private emit(line: string, onEvent: (e: ContainerEvent) => void): void {
    if (line.trim() === '') return;
    try {
      const ev = JSON.parse(line) as {
        Action?: string;
        Actor?: { Attributes?: Record<string, string> };
        timeNano?: number;
      };
      onEvent({
        service: ev.Actor?.Attributes?.[serviceLabel] ?? '',
        action: ev.Action ?? '',
        at: ev.timeNano ? Math.floor(ev.timeNano / 1e6) : Date.now(),
      });
    } catch {
      // A torn line from a dying daemon: the reconnect re-syncs anyway.
    }
  }
}

/** Turns chunks into whole lines; a partial last line waits for the rest (or for flush). */
class LineSplitter {
  private pending = '';
  constructor(private readonly onLine: (line: string) => void) {}
  push(chunk: string): void {
    const parts = (this.pending + chunk).split(/\r?\n/);
    this.pending = parts.pop() ?? '';
    for (const p of parts) this.onLine(p);
  }
  flush(): void {
    if (this.pending !== '') this.onLine(this.pending);
    this.pending = '';
  }
}
