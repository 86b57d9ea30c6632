import type { App } from '../../app/create-app';

type BatchClient = App['batches'];
import type { BatchView } from '../../shared/batch';
import { type CliIo, CliExit, printJson, table } from '../cli-output';

const usageLine = 'usage: hagw batch list | show <id> | cancel <id> | serve [--port N] [--json]';

const when = (s: number | null) =>
  s === null ? '-' : new Date(s * 1000).toISOString().slice(0, 16).replace('T', ' ');

const progress = (b: BatchView) => {
  const { completed, failed, total } = b.request_counts;
  return total === 0
    ? '-'
    : `${completed + failed}/${total}${failed > 0 ? ` (${failed} errors)` : ''}`;
};

const detail = (b: BatchView): string =>
  [
    `${b.id}  ${b.status}  app ${b.app ?? '(unknown key)'}`,
    `  endpoint ${b.endpoint}, input ${b.input_file_id}`,
    `  requests ${progress(b)}`,
    `  created ${when(b.created_at)}, expires ${when(b.expires_at)}`,
    ...(b.output_file_id ? [`  output ${b.output_file_id}`] : []),
    ...(b.error_file_id ? [`  errors ${b.error_file_id}`] : []),
    ...(b.errors?.data ?? [])
      .slice(0, 10)
      .map((e) => `  line ${e.line ?? '-'}: ${e.code}: ${e.message}`),
  ].join('\n');

/** `hagw batch list|show|cancel`: every key's batches, for the operator (master key). */
export const batchCommand = async (
  batches: BatchClient,
  io: CliIo,
  a: { action: string | undefined; id: string | undefined; json: boolean },
): Promise<number> => {
  switch (a.action) {
    case 'list':
    case undefined: {
      if (a.id !== undefined) throw new CliExit(2, usageLine);
      const r = await batches.list();
      if (a.json) printJson(io, r);
      else if (r.error === null)
        io.out(
          r.batches.length === 0
            ? 'No batches yet. Clients create them with the OpenAI Batch API at the gateway URL.'
            : table([
                ['ID', 'APP', 'STATUS', 'REQUESTS', 'CREATED'],
                ...r.batches.map((b) => [
                  b.id,
                  b.app ?? '-',
                  b.status,
                  progress(b),
                  when(b.created_at),
                ]),
              ]),
        );
      if (r.error !== null) {
        io.err(`hagw: ${r.error}`);
        return 1;
      }
      return 0;
    }
    case 'show':
    case 'cancel': {
      if (!a.id) throw new CliExit(2, usageLine);
      const b = a.action === 'show' ? await batches.show(a.id) : await batches.cancel(a.id);
      if (a.json) printJson(io, b);
      else io.out(detail(b));
      return 0;
    }
    default:
      throw new CliExit(2, usageLine);
  }
};
