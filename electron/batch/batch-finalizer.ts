import { randomBytes } from 'node:crypto';
import { expiredMessage, unansweredLine } from '../core/batch-outcome';
import type { Clock } from '../core/ports';
import type { BatchStore } from './batch-store';

const hex = (n: number) => randomBytes(n).toString('hex');
const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * How a batch ends: the output and error files in input order and the final status (completed,
 * cancelled, expired), and the sweep that expires batches past their window and deletes output
 * files past their 7 days. Every step is safe to run twice: a finalize job and a sweep may meet.
 */
export class BatchFinalizer {
  constructor(
    private readonly d: {
      data: BatchStore;
      clock: Clock;
      /** Output and error files are kept this long (7 days). */
      outputTtlS: number;
      log: (line: string) => void;
    },
  ) {}

  /** Writes the output and error files in input order and ends the batch; safe to run twice. */
  async finalize(batchId: string): Promise<void> {
    const { data, clock } = this.d;
    const moved = await data.transition(batchId, ['in_progress', 'cancelling'], (s) => ({
      ...s,
      batch: {
        ...s.batch,
        status: s.batch.status === 'cancelling' ? 'cancelling' : 'finalizing',
        finalizing_at:
          s.batch.status === 'cancelling' ? s.batch.finalizing_at : seconds(clock.now()),
      },
    }));
    const b = moved ?? (await data.batch(batchId));
    if (!b || !['finalizing', 'cancelling'].includes(b.batch.status)) return;
    const order = await data.order(batchId);
    if (b.ending === 'expire')
      for (const customId of order)
        await data.record(
          batchId,
          unansweredLine(`batch_req_${hex(12)}`, customId, 'batch_expired', expiredMessage),
        );
    const { out, err } = await data.results(batchId);
    const now = seconds(clock.now());
    const file = async (suffix: string, rows: Map<string, string>): Promise<string | null> => {
      const text = order.flatMap((c) => (rows.has(c) ? [rows.get(c)!] : [])).join('\n');
      if (text === '') return null;
      const id = `file-${batchId.replace(/^batch_/, '')}${suffix}`;
      const bytes = Buffer.from(`${text}\n`, 'utf8');
      await data.putFile(
        {
          owner: b.owner,
          meta: {
            id,
            object: 'file',
            bytes: bytes.length,
            created_at: now,
            expires_at: now + this.d.outputTtlS,
            filename: `${batchId}${suffix}.jsonl`,
            purpose: 'batch_output',
            status: 'processed',
          },
        },
        bytes,
      );
      return id;
    };
    const [outputId, errorId] = [await file('-output', out), await file('-errors', err)];
    const status =
      b.ending === 'cancel' ? 'cancelled' : b.ending === 'expire' ? 'expired' : 'completed';
    const ended = await data.transition(batchId, ['finalizing', 'cancelling'], (s) => ({
      ...s,
      batch: {
        ...s.batch,
        request_counts: {
          total: s.batch.request_counts.total,
          completed: out.size,
          failed: err.size,
        },
        status,
        output_file_id: outputId,
        error_file_id: errorId,
        completed_at: status === 'completed' ? now : s.batch.completed_at,
        cancelled_at: status === 'cancelled' ? now : s.batch.cancelled_at,
        expired_at: status === 'expired' ? now : s.batch.expired_at,
      },
    }));
    // The files hold every line now: the per-line state would only double Redis's memory.
    if (ended) await data.dropLines(batchId);
    this.d.log(`hagw batch: ${batchId} ${status} (${out.size} ok, ${err.size} errors)`);
  }

  private sweeping: Promise<void> | null = null;

  /**
   * Ends batches past their completion window and deletes output files past their 7 days. One
   * sweep at a time: a tick that comes while one runs shares it.
   */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const { data, clock } = this.d;
    const now = seconds(clock.now());
    try {
      for (const id of await data.ids(null)) {
        const b = await data.batch(id);
        if (!b || !['validating', 'in_progress'].includes(b.batch.status)) continue;
        if (b.batch.expires_at === null || now < b.batch.expires_at) continue;
        const ended = await data.transition(id, ['validating', 'in_progress'], (s) => ({
          ...s,
          ending: 'expire',
          batch: { ...s.batch, status: 'finalizing', finalizing_at: now },
        }));
        if (ended) await this.finalize(id);
      }
      for (const id of await data.expiredFiles(now)) await data.deleteFile(id);
    } catch (e) {
      this.d.log(`hagw batch: the expiry sweep failed: ${(e as Error).message}`);
    }
  }
}
