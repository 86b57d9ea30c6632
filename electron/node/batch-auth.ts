import { createHash } from 'node:crypto';
import type { Clock } from '../core/ports';
import { httpRequest } from './http-json';

/** LiteLLM's token for a key: sha256 of the raw key, hex (what /key/list and spend logs show). */
export const keyOwner = (key: string): string => createHash('sha256').update(key).digest('hex');

const cacheMs = 10_000;

/**
 * Who is calling, asked of LiteLLM so that the batch service needs no admin key of its own: a key
 * LiteLLM lists models for is a live app key (blocked, deleted or wrong keys get 401), and a key
 * that may read /key/list is the master key. Answers are kept 10 s: a client polling its batch
 * must not cost one LiteLLM call per poll.
 */
export class BatchAuth {
  private readonly seen = new Map<string, { at: number; ok: boolean }>();

  constructor(
    private readonly litellmUrl: string,
    private readonly clock: Clock,
  ) {}

  /** The key's owner hash, or null when LiteLLM does not take the key. */
  async appKey(key: string): Promise<string | null> {
    return (await this.ask(`app:${keyOwner(key)}`, key, '/v1/models')) ? keyOwner(key) : null;
  }

  isAdmin(key: string): Promise<boolean> {
    return this.ask(`admin:${keyOwner(key)}`, key, '/key/list?page=1&size=1');
  }

  private async ask(cacheKey: string, key: string, path: string): Promise<boolean> {
    const now = this.clock.now();
    const hit = this.seen.get(cacheKey);
    if (hit && now - hit.at < cacheMs) return hit.ok;
    const r = await httpRequest(`LiteLLM at ${this.litellmUrl}`, `${this.litellmUrl}${path}`, {
      headers: { authorization: `Bearer ${key}` },
      timeoutMs: 10_000,
    });
    // 5xx says nothing about the key: not cached, the caller gets a 502.
    if (r.status >= 500) throw new Error(`LiteLLM answered ${r.status}`);
    const ok = r.status === 200;
    if (this.seen.size > 1000) this.seen.clear();
    this.seen.set(cacheKey, { at: now, ok });
    return ok;
  }
}
