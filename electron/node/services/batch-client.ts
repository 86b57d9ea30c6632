import { z } from 'zod';
import { batchObservations } from '../../core/batch-alerts';
import { GatewayError, toErrorInfo } from '../../core/gateway-error';
import type { Observation } from '../../core/alert-engine';
import { BatchObject, type BatchesReport, type BatchView } from '../../shared/batch';
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
    // The service's own 401 text speaks to app keys; here the operator's master key was refused.
    if (r.status === 401)
      throw new GatewayError(
        'MASTER_KEY_REFUSED',
        `The batch service refused the master key (LiteLLM does not take it as its admin key): check LITELLM_MASTER_KEY in the stack's .env, or HAGW_LITELLM_MASTER_KEY if you set it.`,
      );
    if (r.status !== 200)
      throw new GatewayError(
        'BATCH_SERVICE',
        `The batch service answered ${r.status}: ${errorMessage(body) ?? r.text.slice(0, 200)}`,
      );
    return body;
  }

  private aliases: { at: number; map: Map<string, string | null> } | null = null;

  /**
   * Names each batch's app. LiteLLM's key list is walked at most once a minute (the dashboard and
   * the alerts ask every tick), and again at once for an owner it has not seen.
   */
  private async named(rows: readonly z.infer<typeof AdminBatch>[]): Promise<BatchView[]> {
    const now = this.o.now();
    const stale =
      !this.aliases ||
      now - this.aliases.at > 60_000 ||
      rows.some((b) => !this.aliases!.map.has(b.owner));
    if (stale && rows.length > 0) {
      const map = await this.o.aliases().catch(() => null);
      if (map) this.aliases = { at: now, map };
    }
    return rows.map((b) => ({ ...b, app: this.aliases?.map.get(b.owner) ?? null }));
  }

  private async rows() {
    return AdminList.parse(await this.call('GET', '/admin/batches?limit=100')).data;
  }

  private recent: { at: number; report: Promise<BatchesReport> } | null = null;

  /**
   * Every key's batches. The supervisor's tick asks twice (the alerts and the faces' progress):
   * one answer serves every caller for 2 s, so a tick makes one request.
   */
  list(): Promise<BatchesReport> {
    const now = this.o.now();
    if (this.recent && now - this.recent.at < 2000) return this.recent.report;
    const report = this.fetchList();
    this.recent = { at: now, report };
    return report;
  }

  private async fetchList(): Promise<BatchesReport> {
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
    const answer = await this.call('POST', `/admin/batches/${encodeURIComponent(id)}/cancel`);
    // The next list shows the cancel, not the answer from before it.
    this.recent = null;
    return (await this.named([AdminBatch.parse(answer)]))[0]!;
  }

  /** Failed and expired batches as alerts; nothing when the service is not running. */
  async observations(): Promise<Observation[]> {
    const r = await this.list();
    return r.error ? [] : batchObservations(r.batches, this.o.now());
  }
}

const errorMessage = (body: unknown): string | null => {
  const m = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof m === 'string' ? m : null;
};
