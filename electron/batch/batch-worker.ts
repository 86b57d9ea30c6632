import { randomBytes } from 'node:crypto';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseBatchInput } from '../core/batch-input';
import {
  answeredLine,
  type BatchResultLine,
  judgeAnswer,
  unansweredLine,
} from '../core/batch-outcome';
import { type Disposable, DisposableStore } from '../core/disposable';
import type { Clock, Timers } from '../core/ports';
import type { BatchEndpoint } from '../shared/batch';
import { BatchFinalizer } from './batch-finalizer';
import type { BatchKeySeal } from './batch-key-seal';
import { type ControlJob, type LineJob, queueNames, type BatchQueues } from './batch-queues';
import type { BatchStore, StoredBatch } from './batch-store';
import type { YieldGate } from './yield-gate';

/** One call of a line against LiteLLM, with the line's own key. */
export type LineCaller = (
  endpoint: string,
  key: string,
  body: Record<string, unknown>,
) => Promise<{
  status: number;
  body: unknown;
  requestId: string | null;
  retryAfterS: number | null;
}>;

export interface BatchWorkerOptions {
  /** Lines in flight at once (HAGW_BATCH_CONCURRENCY, 2). */
  concurrency: number;
  /** How long a dead worker's line stays claimed before another takes it (BullMQ's lock). */
  lockMs: number;
  /** Output and error files are kept this long (7 days). */
  outputTtlS: number;
}

const hex = (n: number) => randomBytes(n).toString('hex');
const seconds = (ms: number) => Math.floor(ms / 1000);

/** A retryable answer: BullMQ runs the line again after the delay its verdict chose. */
class RetryLater extends Error {
  constructor(readonly retryInMs: number) {
    super(`retry in ${retryInMs} ms`);
  }
}

/**
 * The batch engine on BullMQ: validates a batch's file, runs each line through LiteLLM with the
 * batch's own key (so budgets, rate limits and allowlists apply as for interactive calls), records
 * each custom_id's result once, and writes the output and error files when the last line is in.
 */
export class BatchWorker implements Disposable {
  private readonly store = new DisposableStore();
  private workers: Worker[] = [];
  private readonly finalizer: BatchFinalizer;

  constructor(
    private readonly d: {
      redis: Redis;
      data: BatchStore;
      queues: BatchQueues;
      seal: BatchKeySeal;
      call: LineCaller;
      gate: Pick<YieldGate, 'whenClear' | 'track'>;
      clock: Clock;
      timers: Timers;
      options: BatchWorkerOptions;
      log: (line: string) => void;
      /** A queue's connection error; unset: logged as it comes. */
      onQueueError?: (e: Error) => void;
    },
  ) {
    this.finalizer = new BatchFinalizer({
      data: d.data,
      clock: d.clock,
      outputTtlS: d.options.outputTtlS,
      log: d.log,
    });
  }

  start(sweepEveryMs = 60_000): this {
    const { redis, options } = this.d;
    const common = {
      connection: redis,
      lockDuration: options.lockMs,
      stalledInterval: Math.max(1000, Math.floor(options.lockMs / 2)),
      // A whole-stack restart can stall a line more than once; the result hash keeps it single.
      maxStalledCount: 10,
    };
    const control = new Worker<ControlJob>(queueNames.control, (j) => this.control(j), {
      ...common,
      concurrency: 1,
    });
    const lines = new Worker<LineJob>(queueNames.lines, (j) => this.line(j), {
      ...common,
      concurrency: options.concurrency,
      settings: {
        backoffStrategy: (_n: number, _t?: string, err?: Error) =>
          err instanceof RetryLater ? err.retryInMs : 1000,
      },
    });
    this.workers = [control, lines] as Worker[];
    for (const w of this.workers) {
      w.on('error', (e) =>
        this.d.onQueueError
          ? this.d.onQueueError(e)
          : this.d.log(`hagw batch: queue error: ${e.message}`),
      );
      this.store.add({ dispose: () => void w.close() });
    }
    this.store.add(this.d.timers.setInterval(() => void this.sweep(), sweepEveryMs));
    return this;
  }

  dispose(): void {
    this.store.dispose();
  }

  /** Expires batches past their window and deletes old output files (also every minute). */
  sweep(): Promise<void> {
    return this.finalizer.sweep();
  }

  /** Closes the workers and waits for the lines in flight (a clean SIGTERM). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.store.dispose();
  }

  private async control(job: Job<ControlJob>): Promise<void> {
    if (job.name === 'validate') await this.validate(job.data.batchId);
    else await this.finalizer.finalize(job.data.batchId);
  }

  private async validate(batchId: string): Promise<void> {
    const { data, clock } = this.d;
    const b = await data.batch(batchId);
    // in_progress: a validation that died after the status changed and before the lines were all
    // queued runs again; queueing is idempotent (job ids), so it just finishes the job.
    if (!b || !['validating', 'in_progress'].includes(b.batch.status)) return;
    const bytes = await data.content(b.batch.input_file_id);
    const parsed = parseBatchInput(
      bytes?.toString('utf8') ?? '',
      b.batch.endpoint as BatchEndpoint,
    );
    const now = seconds(clock.now());
    if (!parsed.ok) {
      await data.transition(batchId, ['validating'], (s) => ({
        ...s,
        batch: {
          ...s.batch,
          status: 'failed',
          failed_at: now,
          errors: { object: 'list', data: parsed.errors },
        },
      }));
      this.d.log(`hagw batch: ${batchId} failed validation (${parsed.errors.length} errors)`);
      return;
    }
    const all = [...parsed.lines, ...parsed.rejected].sort((x, y) => x.index - y.index);
    if (b.batch.status === 'validating') {
      await data.setOrder(
        batchId,
        all.map((l) => l.customId),
      );
      for (const r of parsed.rejected)
        await data.record(
          batchId,
          unansweredLine(`batch_req_${hex(12)}`, r.customId, 'invalid_json_line', r.message),
        );
      // The status before the lines: a line never finds its batch still validating.
      await data.transition(batchId, ['validating'], (s) => ({
        ...s,
        batch: {
          ...s.batch,
          status: 'in_progress',
          in_progress_at: now,
          request_counts: { total: all.length },
        },
      }));
    }
    await this.d.queues.addLines(parsed.lines.map((l) => ({ batchId, ...l })));
  }

  private async line(job: Job<LineJob>): Promise<void> {
    const { data, clock } = this.d;
    const { batchId, customId, body } = job.data;
    const b = await data.batch(batchId);
    if (b?.batch.status === 'validating') throw new RetryLater(1000);
    // Cancelled, expired or deleted: the line is not run (finalize writes what is due).
    if (!b || b.batch.status !== 'in_progress') return;
    if (await data.hasResult(batchId, customId)) return this.maybeFinish(b);
    if (b.batch.expires_at !== null && seconds(clock.now()) >= b.batch.expires_at) return;
    const model = (body as { model?: unknown } | null)?.model;
    await this.d.gate.whenClear(typeof model === 'string' ? model : undefined);
    // It may have waited a while at the gate: a batch cancelled or expired meanwhile runs no more.
    if ((await data.batch(batchId))?.batch.status !== 'in_progress') return;
    const attempt = job.attemptsMade + 1;
    let answer: Awaited<ReturnType<LineCaller>>;
    try {
      answer = await this.d.gate.track(
        this.d.call(b.batch.endpoint, this.d.seal.open(b.sealedKey), body),
      );
    } catch (e) {
      answer = { status: 0, body: null, requestId: null, retryAfterS: null };
      if (attempt >= job.opts.attempts!) {
        await data.record(
          batchId,
          unansweredLine(
            `batch_req_${hex(12)}`,
            customId,
            'server_error',
            String((e as Error).message),
          ),
        );
        return this.maybeFinish(b);
      }
    }
    const verdict = judgeAnswer(answer, attempt);
    if (verdict.kind === 'retry') throw new RetryLater(verdict.inMs);
    await data.record(batchId, this.answered(customId, answer));
    await this.maybeFinish(b);
  }

  private answered(customId: string, a: Awaited<ReturnType<LineCaller>>): BatchResultLine {
    if (a.status === 0)
      return unansweredLine(
        `batch_req_${hex(12)}`,
        customId,
        'server_error',
        'LiteLLM did not answer.',
      );
    return answeredLine(
      { id: `batch_req_${hex(12)}`, requestId: a.requestId ?? `req_${hex(12)}` },
      customId,
      a.status,
      a.body,
    );
  }

  /** When every line has a result, the batch is finalized (once: the job id is the batch's). */
  private async maybeFinish(b: StoredBatch): Promise<void> {
    const c = await this.d.data.counts(b.batch.id, b.batch.request_counts.total);
    if (c.completed + c.failed >= c.total) await this.d.queues.finalize(b.batch.id);
  }
}
