import { createHash } from 'node:crypto';
import type { Clock } from '../core/ports';
import { httpRequest } from '../node/services/http-json';

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
  private readonly seen = new Map<string, { at: number; ok: boolean; message: string }>();

  constructor(
    private readonly litellmUrl: string,
    private readonly clock: Clock,
  ) {}

  /**
   * The key's owner hash; or, when LiteLLM does not take the key, why: `blocked` when LiteLLM
   * says the key is blocked (so the app is told that, not that its key is wrong).
   */
  async appKey(key: string): Promise<{ owner: string } | { refused: 'blocked' | 'invalid' }> {
    const a = await this.ask(`app:${keyOwner(key)}`, key, '/v1/models');
    if (a.ok) return { owner: keyOwner(key) };
    return { refused: /key is blocked/i.test(a.message) ? 'blocked' : 'invalid' };
  }

  async isAdmin(key: string): Promise<boolean> {
    return (await this.ask(`admin:${keyOwner(key)}`, key, '/key/list?page=1&size=1')).ok;
  }

  private async ask(
    cacheKey: string,
    key: string,
    path: string,
  ): Promise<{ ok: boolean; message: string }> {
    const now = this.clock.now();
    const hit = this.seen.get(cacheKey);
    if (hit && now - hit.at < cacheMs) return hit;
    const r = await httpRequest(`LiteLLM at ${this.litellmUrl}`, `${this.litellmUrl}${path}`, {
      headers: { authorization: `Bearer ${key}` },
      timeoutMs: 10_000,
    });
    // 5xx says nothing about the key: not cached, the caller gets a 502.
    if (r.status >= 500) throw new Error(`LiteLLM answered ${r.status}`);
    // LiteLLM's refusal text, read only for the words "Key is blocked".
    const answer = { ok: r.status === 200, message: r.status === 200 ? '' : r.text.slice(0, 2000) };
    if (this.seen.size > 1000) this.seen.clear();
    this.seen.set(cacheKey, { at: now, ...answer });
    return answer;
  }
}
