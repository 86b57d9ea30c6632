import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Disposable } from '../core/disposable';
import { defaultRetryPolicy } from '../core/batch-outcome';

/** A batch line as queued: the body travels with the job (BullMQ keeps it in Redis). */
export interface LineJob {
  batchId: string;
  index: number;
  customId: string;
  body: Record<string, unknown>;
}

export interface ControlJob {
  batchId: string;
}

export const queueNames = { control: 'hagw-batch-control', lines: 'hagw-batch-lines' } as const;

/**
 * The two BullMQ queues: control (validate a batch, finalize it) and lines (one job per request).
 * Job ids are derived from the batch and the line, so enqueueing twice (a validation that ran
 * again after a crash) adds nothing, and BullMQ's ids keep a line's job unique while it lives.
 */
export class BatchQueues implements Disposable {
  readonly control: Queue<ControlJob>;
  readonly lines: Queue<LineJob>;

  constructor(connection: Redis) {
    this.control = new Queue<ControlJob>(queueNames.control, { connection });
    this.lines = new Queue<LineJob>(queueNames.lines, { connection });
  }

  validate(batchId: string): Promise<unknown> {
    return this.control.add('validate', { batchId }, { jobId: `validate-${batchId}`, ...keep });
  }

  finalize(batchId: string): Promise<unknown> {
    return this.control.add('finalize', { batchId }, { jobId: `finalize-${batchId}`, ...keep });
  }

  addLines(lines: readonly LineJob[]): Promise<unknown> {
    return this.lines.addBulk(
      lines.map((l) => ({
        name: 'line',
        data: l,
        opts: {
          jobId: `${l.batchId}-${l.index}`,
          attempts: defaultRetryPolicy.maxAttempts,
          // The delay comes from the line's verdict (backoff, or Retry-After): see BatchWorker.
          backoff: { type: 'verdict' },
          ...keep,
        },
      })),
    );
  }

  dispose(): void {
    void this.control.close();
    void this.lines.close();
  }
}

/** Finished jobs leave Redis (their results are in the batch's hashes); failures stay a while. */
const keep = { removeOnComplete: true, removeOnFail: 1000 } as const;
