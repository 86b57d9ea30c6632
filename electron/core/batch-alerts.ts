import type { BatchView } from '../shared/batch';
import type { Observation } from './alert-engine';

/** A failed or expired batch stays on the alert list for a day, then it is history. */
const showForMs = 24 * 3600_000;

/**
 * One warning per batch that failed (validation) or expired (its 24 h window ran out): the batch
 * id is in the alert id, so each one notifies once and a new failure notifies again.
 */
export const batchObservations = (batches: readonly BatchView[], now: number): Observation[] =>
  batches.flatMap((b): Observation[] => {
    const endedS =
      b.status === 'failed' ? b.failed_at : b.status === 'expired' ? b.expired_at : null;
    if (endedS === null || now - endedS * 1000 > showForMs) return [];
    const app = b.app ?? 'an unknown key';
    const { completed, failed, total } = b.request_counts;
    return [
      {
        id: `batch:${b.status}:${b.id}`,
        severity: 'warning',
        source: 'batch',
        title: b.status === 'failed' ? `A batch of ${app} failed` : `A batch of ${app} expired`,
        message:
          b.status === 'failed'
            ? `${b.id}: ${b.errors?.data[0]?.message ?? 'the input file was refused'}${(b.errors?.data.length ?? 0) > 1 ? ` (and ${b.errors!.data.length - 1} more)` : ''}`
            : `${b.id}: ${completed} of ${total} requests done before the 24 h window ended (${failed} errors); hagw batch show ${b.id}`,
        actions: [{ id: 'open-view', label: 'Open batches' }],
      },
    ];
  });
