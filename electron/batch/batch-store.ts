import type { Redis } from 'ioredis';
import type { BatchResultLine } from '../core/batch-outcome';
import { isSuccessLine } from '../core/batch-outcome';
import type { BatchObject, BatchRequestCounts, FileObject } from '../shared/batch';

// Everything the batch service keeps, in Redis (append-only file on, so it survives a restart of
// Redis and of the stack): files and their bytes, batches, and one result per custom_id. The
// queue itself is BullMQ's, in the same Redis.

const k = {
  file: (id: string) => `hagw:file:${id}`,
  content: (id: string) => `hagw:file:${id}:content`,
  files: 'hagw:files',
  batch: (id: string) => `hagw:batch:${id}`,
  all: 'hagw:batches',
  owned: (owner: string) => `hagw:batches:${owner}`,
  out: (id: string) => `hagw:batch:${id}:out`,
  err: (id: string) => `hagw:batch:${id}:err`,
  order: (id: string) => `hagw:batch:${id}:order`,
};

const casScript =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0";

/** One result per custom_id across the output and error hashes, checked and written at once. */
const recordScript =
  "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end redis.call('HSET', KEYS[3], ARGV[1], ARGV[2]) return 1";

export interface StoredFile {
  meta: FileObject;
  owner: string;
}

/**
 * A batch as stored. While it runs, completed and failed are read from the result hashes; when it
 * has ended they are written here and the hashes are dropped (the files hold the lines).
 */
export interface StoredBatch {
  batch: Omit<BatchObject, 'request_counts'> & {
    request_counts: { total: number; completed?: number; failed?: number };
  };
  owner: string;
  /** The creating key, sealed with HAGW_BATCH_SECRET: the worker runs each line with it. */
  sealedKey: string;
  /** Why the batch is being wound up, for the finalize step. */
  ending: 'cancel' | 'expire' | null;
}

export class BatchStore {
  constructor(private readonly redis: Redis) {}

  async putFile(f: StoredFile, bytes: Buffer): Promise<void> {
    await this.redis
      .multi()
      .set(k.content(f.meta.id), bytes)
      .set(k.file(f.meta.id), JSON.stringify(f))
      .zadd(k.files, f.meta.created_at, f.meta.id)
      .exec();
  }

  async file(id: string): Promise<StoredFile | null> {
    const v = await this.redis.get(k.file(id));
    return v === null ? null : (JSON.parse(v) as StoredFile);
  }

  content(id: string): Promise<Buffer | null> {
    return this.redis.getBuffer(k.content(id));
  }

  async deleteFile(id: string): Promise<void> {
    await this.redis.multi().del(k.file(id), k.content(id)).zrem(k.files, id).exec();
  }

  /** Files whose expires_at (Unix seconds) has passed: output and error files after 7 days. */
  async expiredFiles(nowS: number): Promise<string[]> {
    const ids = await this.redis.zrange(k.files, 0, -1);
    const files = await Promise.all(ids.map((id) => this.file(id)));
    return files
      .filter((f): f is StoredFile => f?.meta.expires_at !== undefined && f.meta.expires_at <= nowS)
      .map((f) => f.meta.id);
  }

  async putBatch(b: StoredBatch): Promise<void> {
    await this.redis
      .multi()
      .set(k.batch(b.batch.id), JSON.stringify(b))
      .zadd(k.all, b.batch.created_at, b.batch.id)
      .zadd(k.owned(b.owner), b.batch.created_at, b.batch.id)
      .exec();
  }

  async batch(id: string): Promise<StoredBatch | null> {
    const v = await this.redis.get(k.batch(id));
    return v === null ? null : (JSON.parse(v) as StoredBatch);
  }

  /**
   * Changes a batch only while it is in one of `from`. A compare-and-set on the stored value (one
   * Lua call), not WATCH: WATCH belongs to a connection, and the worker, a cancel and the expiry
   * sweep share one; this way none of them undoes another. Null when the status did not match.
   */
  async transition(
    id: string,
    from: readonly BatchObject['status'][],
    change: (b: StoredBatch) => StoredBatch,
  ): Promise<StoredBatch | null> {
    for (let tries = 0; tries < 50; tries++) {
      const v = await this.redis.get(k.batch(id));
      const cur = v === null ? null : (JSON.parse(v) as StoredBatch);
      if (v === null || !cur || !from.includes(cur.batch.status)) return null;
      const next = change(cur);
      const swapped = await this.redis.eval(casScript, 1, k.batch(id), v, JSON.stringify(next));
      if (swapped === 1) return next;
    }
    throw new Error(`batch ${id}: too many concurrent changes`);
  }

  /** Batch ids newest first: one key's, or every key's (owner null). */
  ids(owner: string | null): Promise<string[]> {
    return this.redis.zrevrange(owner === null ? k.all : k.owned(owner), 0, -1);
  }

  async setOrder(id: string, customIds: readonly string[]): Promise<void> {
    const m = this.redis.multi().del(k.order(id));
    // RPUSH in slices: one command with 50,000 arguments is heavy for Redis.
    for (let i = 0; i < customIds.length; i += 1000)
      m.rpush(k.order(id), ...customIds.slice(i, i + 1000));
    await m.exec();
  }

  order(id: string): Promise<string[]> {
    return this.redis.lrange(k.order(id), 0, -1);
  }

  /**
   * Records a line's result once: the first write for a custom_id wins (one Lua call over both hashes), so a line run
   * again after a worker died mid-call cannot appear twice. True when this write was the first.
   */
  async record(id: string, line: BatchResultLine): Promise<boolean> {
    const target = isSuccessLine(line) ? k.out(id) : k.err(id);
    const r = await this.redis.eval(
      recordScript,
      3,
      k.out(id),
      k.err(id),
      target,
      line.custom_id,
      JSON.stringify(line),
    );
    return r === 1;
  }

  async hasResult(id: string, customId: string): Promise<boolean> {
    const [a, b] = await Promise.all([
      this.redis.hexists(k.out(id), customId),
      this.redis.hexists(k.err(id), customId),
    ]);
    return a === 1 || b === 1;
  }

  async counts(id: string, total: number): Promise<BatchRequestCounts> {
    const [completed, failed] = await Promise.all([
      this.redis.hlen(k.out(id)),
      this.redis.hlen(k.err(id)),
    ]);
    return { total, completed, failed };
  }

  async results(id: string): Promise<{ out: Map<string, string>; err: Map<string, string> }> {
    const [out, err] = await Promise.all([
      this.redis.hgetall(k.out(id)),
      this.redis.hgetall(k.err(id)),
    ]);
    return { out: new Map(Object.entries(out)), err: new Map(Object.entries(err)) };
  }

  /** Drops a finished batch's per-line state: its output and error files now hold every line. */
  async dropLines(id: string): Promise<void> {
    await this.redis.del(k.out(id), k.err(id), k.order(id));
  }

  /** Every stored file of one key (Files API list), newest first. */
  async filesOf(owner: string): Promise<FileObject[]> {
    const ids = await this.redis.zrevrange(k.files, 0, -1);
    const files = await Promise.all(ids.map((id) => this.file(id)));
    return files.filter((f): f is StoredFile => f?.owner === owner).map((f) => f.meta);
  }

  /** The OpenAI batch object: counts as stored once it ended, else read from the result hashes. */
  async view(b: StoredBatch): Promise<BatchObject> {
    const { total, completed, failed } = b.batch.request_counts;
    return {
      ...b.batch,
      request_counts:
        completed !== undefined && failed !== undefined
          ? { total, completed, failed }
          : await this.counts(b.batch.id, total),
    };
  }
}
