import { randomBytes } from 'node:crypto';
import type { BatchLimits } from '../core/batch-input';
import type { Clock } from '../core/ports';
import {
  type BatchObject,
  batchEndpoints,
  type FileObject,
  finishedBatchStatuses,
  type OpenAiErrorBody,
} from '../shared/batch';
import type { BatchKeySeal } from './batch-key-seal';
import type { BatchQueues } from './batch-queues';
import type { BatchStore, StoredBatch } from './batch-store';

export type Reply =
  { status: number; json: unknown } | { status: number; bytes: Buffer; type: string };

export const openAiError = (
  status: number,
  message: string,
  param: string | null = null,
  code: string | null = null,
  type = 'invalid_request_error',
): { status: number; json: OpenAiErrorBody } => ({
  status,
  json: { error: { message, type, param, code } },
});

const completionWindowS = 24 * 3600;
const newId = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

/** Who is asking: an app key (its owner hash, and the raw key to seal into its batches). */
export interface Caller {
  owner: string;
  key: string;
}

/**
 * The Files and Batches API as OpenAI documents it, scoped to the calling key: another key's file
 * or batch is a 404, exactly as if it did not exist.
 */
export class BatchApi {
  constructor(
    private readonly d: {
      data: BatchStore;
      queues: BatchQueues;
      seal: BatchKeySeal;
      clock: Clock;
      limits: BatchLimits;
    },
  ) {}

  private nowS(): number {
    return Math.floor(this.d.clock.now() / 1000);
  }

  async createFile(
    who: Caller,
    form: { purpose: string | null; file: { filename: string; data: Buffer } | null },
  ): Promise<Reply> {
    if (form.purpose !== 'batch')
      return openAiError(
        400,
        `purpose must be "batch" (this gateway stores batch input files only); got ${JSON.stringify(form.purpose)}.`,
        'purpose',
      );
    if (!form.file) return openAiError(400, 'Missing the multipart field "file".', 'file');
    if (form.file.data.length > this.d.limits.maxFileBytes)
      return openAiError(
        413,
        `The file is ${form.file.data.length} bytes; a batch input file may be at most ${this.d.limits.maxFileBytes}.`,
        'file',
      );
    const meta: FileObject = {
      id: newId('file-'),
      object: 'file',
      bytes: form.file.data.length,
      created_at: this.nowS(),
      filename: form.file.filename,
      purpose: 'batch',
      status: 'processed',
    };
    await this.d.data.putFile({ meta, owner: who.owner }, form.file.data);
    return { status: 200, json: meta };
  }

  /** GET /v1/files as OpenAI pages it: newest first (order=asc for oldest), limit, after. */
  async listFiles(who: Caller, q: URLSearchParams): Promise<Reply> {
    const purpose = q.get('purpose');
    const limit = Number(q.get('limit') ?? 10_000);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      return openAiError(400, 'limit must be a whole number from 1 to 10000.', 'limit');
    const order = q.get('order') ?? 'desc';
    if (order !== 'asc' && order !== 'desc')
      return openAiError(400, 'order must be "asc" or "desc".', 'order');
    const all = (await this.d.data.filesOf(who.owner))
      .filter((f) => purpose === null || f.purpose === purpose)
      .sort((a, b) =>
        order === 'asc' ? a.created_at - b.created_at : b.created_at - a.created_at,
      );
    const after = q.get('after');
    const start = after === null ? 0 : all.findIndex((f) => f.id === after) + 1;
    if (after !== null && start === 0)
      return openAiError(404, `No such File object: ${after}`, 'after');
    const data = all.slice(start, start + limit);
    return {
      status: 200,
      json: {
        object: 'list',
        data,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
        has_more: start + limit < all.length,
      },
    };
  }

  private async ownFile(who: Caller, id: string) {
    const f = await this.d.data.file(id);
    return f && f.owner === who.owner ? f : null;
  }

  async getFile(who: Caller, id: string): Promise<Reply> {
    const f = await this.ownFile(who, id);
    return f ? { status: 200, json: f.meta } : noSuchFile(id);
  }

  async fileContent(who: Caller, id: string): Promise<Reply> {
    const f = await this.ownFile(who, id);
    const bytes = f ? await this.d.data.content(id) : null;
    return bytes ? { status: 200, bytes, type: 'application/octet-stream' } : noSuchFile(id);
  }

  async deleteFile(who: Caller, id: string): Promise<Reply> {
    if (!(await this.ownFile(who, id))) return noSuchFile(id);
    await this.d.data.deleteFile(id);
    return { status: 200, json: { id, object: 'file', deleted: true } };
  }

  async createBatch(who: Caller, body: Record<string, unknown>): Promise<Reply> {
    const { input_file_id: fileId, endpoint, completion_window: window, metadata } = body;
    if (typeof fileId !== 'string' || fileId === '')
      return openAiError(400, 'input_file_id is required.', 'input_file_id');
    if (!(batchEndpoints as readonly unknown[]).includes(endpoint))
      return openAiError(
        400,
        `endpoint ${JSON.stringify(endpoint)} is not supported here; use one of ${batchEndpoints.join(', ')}.`,
        'endpoint',
      );
    if (window !== '24h')
      return openAiError(400, 'completion_window must be "24h".', 'completion_window');
    if (
      metadata !== null &&
      metadata !== undefined &&
      (typeof metadata !== 'object' ||
        Array.isArray(metadata) ||
        Object.keys(metadata).length > 16 ||
        !Object.values(metadata).every((v) => typeof v === 'string' && v.length <= 512))
    )
      return openAiError(
        400,
        'metadata must be an object of at most 16 string values (512 characters each).',
        'metadata',
      );
    const file = await this.ownFile(who, fileId);
    if (!file) return noSuchFile(fileId, 'input_file_id');
    if (file.meta.purpose !== 'batch')
      return openAiError(
        400,
        `File ${fileId} was not uploaded with purpose "batch".`,
        'input_file_id',
      );
    const now = this.nowS();
    const stored: StoredBatch = {
      owner: who.owner,
      sealedKey: this.d.seal.seal(who.key),
      ending: null,
      batch: {
        id: newId('batch_'),
        object: 'batch',
        endpoint: endpoint as string,
        errors: null,
        input_file_id: fileId,
        completion_window: '24h',
        status: 'validating',
        output_file_id: null,
        error_file_id: null,
        created_at: now,
        in_progress_at: null,
        expires_at: now + completionWindowS,
        finalizing_at: null,
        completed_at: null,
        failed_at: null,
        expired_at: null,
        cancelling_at: null,
        cancelled_at: null,
        request_counts: { total: 0 },
        metadata: (metadata as Record<string, string> | null | undefined) ?? null,
      },
    };
    await this.d.data.putBatch(stored);
    await this.d.queues.validate(stored.batch.id);
    return { status: 200, json: await this.d.data.view(stored) };
  }

  /** A batch of this caller (owner null: the operator, any key's). */
  private async ownBatch(owner: string | null, id: string): Promise<StoredBatch | null> {
    const b = await this.d.data.batch(id);
    return b && (owner === null || b.owner === owner) ? b : null;
  }

  async getBatch(owner: string | null, id: string): Promise<Reply> {
    const b = await this.ownBatch(owner, id);
    return b ? { status: 200, json: await this.view(b, owner) } : noSuchBatch(id);
  }

  async listBatches(owner: string | null, q: URLSearchParams): Promise<Reply> {
    const limit = Number(q.get('limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return openAiError(400, 'limit must be a whole number from 1 to 100.', 'limit');
    const ids = await this.d.data.ids(owner);
    const after = q.get('after');
    const start = after === null ? 0 : ids.indexOf(after) + 1;
    if (after !== null && start === 0) return noSuchBatch(after, 'after');
    const page = ids.slice(start, start + limit);
    const data = [];
    for (const id of page) {
      const b = await this.d.data.batch(id);
      if (b) data.push(await this.view(b, owner));
    }
    return {
      status: 200,
      json: {
        object: 'list',
        data,
        first_id: page[0] ?? null,
        last_id: page.at(-1) ?? null,
        has_more: start + limit < ids.length,
      },
    };
  }

  async cancel(owner: string | null, id: string): Promise<Reply> {
    const b = await this.ownBatch(owner, id);
    if (!b) return noSuchBatch(id);
    if (b.batch.status === 'cancelling' || b.batch.status === 'cancelled')
      return { status: 200, json: await this.view(b, owner) };
    if (finishedBatchStatuses.includes(b.batch.status) || b.batch.status === 'finalizing')
      return openAiError(409, `Cannot cancel a batch with status ${b.batch.status}.`, null);
    const now = this.nowS();
    const moved = await this.d.data.transition(id, ['validating', 'in_progress'], (s) => ({
      ...s,
      ending: 'cancel',
      batch: { ...s.batch, status: 'cancelling', cancelling_at: now },
    }));
    if (!moved) return this.cancel(owner, id);
    await this.d.queues.finalize(id);
    return { status: 200, json: await this.view(moved, owner) };
  }

  /** The operator's view carries the owner; an app sees OpenAI's object only. */
  private async view(b: StoredBatch, owner: string | null): Promise<BatchObject> {
    const v = await this.d.data.view(b);
    return owner === null ? ({ ...v, owner: b.owner } as BatchObject) : v;
  }
}

const noSuchFile = (id: string, param = 'id') =>
  openAiError(404, `No such File object: ${id}`, param);
const noSuchBatch = (id: string, param = 'batch_id') =>
  openAiError(404, `No batch found with id '${id}'.`, param);
