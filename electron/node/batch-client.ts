import { z } from 'zod';
import { batchObservations } from '../core/batch-alerts';
import { GatewayError, toErrorInfo } from '../core/gateway-error';
import type { Observation } from '../core/alert-engine';
import { BatchObject, type BatchesReport, type BatchView } from '../shared/batch';
import { httpRequest } from './http-json';

const AdminBatch = BatchObject.extend({ owner: z.string() });
const AdminList = z.object({ data: z.array(AdminBatch) });

/**
 * The operator's side of the batch service (`hagw batch`, the dashboard, the alerts): every key's
 * batches through /admin/batches with the master key, each named by its app's key alias.
 */
export class BatchClient {
  constructor(
    private readonly o: {
      batchUrl: string;
      masterKey: () => Promise<string | null>;
      /** tokenHash -> alias, from LiteLLM's key list. */
      aliases: () => Promise<Map<string, string | null>>;
      now: () => number;
    },
  ) {}

  private async call(method: string, path: string): Promise<unknown> {
    const key = await this.o.masterKey();
    if (!key)
      throw new GatewayError(
        'NO_MASTER_KEY',
        'No LiteLLM master key: run "hagw setup" or set HAGW_LITELLM_MASTER_KEY.',
      );
    const r = await httpRequest(
      `The batch service at ${this.o.batchUrl}`,
      `${this.o.batchUrl}${path}`,
      {
        method,
        headers: { authorization: `Bearer ${key}` },
        timeoutMs: 10_000,
        maxBytes: 32 * 1024 * 1024,
      },
    );
    let body: unknown;
    try {
      body = JSON.parse(r.text);
    } catch {
      throw new GatewayError(
        'BAD_ANSWER',
        `The batch service at ${this.o.batchUrl} did not answer JSON (HTTP ${r.status}).`,
      );
    }
    if (r.status === 404)
      throw new GatewayError('NOT_FOUND', errorMessage(body) ?? `Not found: ${path}`);
    if (r.status !== 200)
      throw new GatewayError(
        'BATCH_SERVICE',
        `The batch service answered ${r.status}: ${errorMessage(body) ?? r.text.slice(0, 200)}`,
      );
    return body;
  }

  private async named(rows: readonly z.infer<typeof AdminBatch>[]): Promise<BatchView[]> {
    const aliases = await this.o.aliases().catch(() => new Map<string, string | null>());
    return rows.map((b) => ({ ...b, app: aliases.get(b.owner) ?? null }));
  }

  private async rows() {
    return AdminList.parse(await this.call('GET', '/admin/batches?limit=100')).data;
  }

  async list(): Promise<BatchesReport> {
    try {
      return { batches: await this.named(await this.rows()), error: null };
    } catch (e) {
      return { batches: [], error: toErrorInfo(e).message };
    }
  }

  async show(id: string): Promise<BatchView> {
    return (
      await this.named([
        AdminBatch.parse(await this.call('GET', `/admin/batches/${encodeURIComponent(id)}`)),
      ])
    )[0]!;
  }

  async cancel(id: string): Promise<BatchView> {
    return (
      await this.named([
        AdminBatch.parse(
          await this.call('POST', `/admin/batches/${encodeURIComponent(id)}/cancel`),
        ),
      ])
    )[0]!;
  }

  /** Failed and expired batches as alerts; nothing when the service is not running. */
  async observations(): Promise<Observation[]> {
    // Every alert tick asks: LiteLLM's key list is read only when there is something to name.
    const rows = await this.rows().catch(() => []);
    const now = this.o.now();
    const due = batchObservations(
      rows.map((b) => ({ ...b, app: null })),
      now,
    );
    return due.length === 0 ? [] : batchObservations(await this.named(rows), now);
  }
}

const errorMessage = (body: unknown): string | null => {
  const m = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof m === 'string' ? m : null;
};
