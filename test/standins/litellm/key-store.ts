import { createHash, randomBytes } from 'node:crypto';
import { litellmIso, nextBudgetReset } from './budget-reset';
import { errors, type StandinError } from './litellm-errors';

/** A LiteLLM_VerificationToken row: LiteLLM keeps only the sha256 of the raw key (`token`). */
export interface KeyRecord {
  token: string;
  key_name: string;
  key_alias: string | null;
  spend: number;
  models: string[];
  max_budget: number | null;
  soft_budget: number | null;
  budget_duration: string | null;
  budget_reset_at: string | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_parallel_requests: number | null;
  metadata: Record<string, unknown>;
  blocked: boolean | null;
  expires: string | null;
  created_at: string;
  updated_at: string;
  last_active: string | null;
  budget_id: string | null;
}

export const hashKey = (raw: string): string => createHash('sha256').update(raw).digest('hex');

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const newRawKey = (): string =>
  `sk-${[...randomBytes(22)].map((b) => alphabet[b % alphabet.length]).join('')}`;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The columns LiteLLM lets /key/generate and /key/update set. */
const settable = [
  'key_alias',
  'models',
  'max_budget',
  'soft_budget',
  'budget_duration',
  'rpm_limit',
  'tpm_limit',
  'max_parallel_requests',
  'metadata',
  'blocked',
  'expires',
] as const;

export class KeyStore {
  private readonly byToken = new Map<string, KeyRecord>();

  constructor(private readonly now: () => Date) {}

  all(): KeyRecord[] {
    this.resetDue();
    return [...this.byToken.values()].sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  /** By raw key (sk-...) or by token hash, as /key/info accepts both. */
  find(keyOrHash: string): KeyRecord | undefined {
    this.resetDue();
    return this.byToken.get(keyOrHash.startsWith('sk-') ? hashKey(keyOrHash) : keyOrHash);
  }

  findByAlias(alias: string): KeyRecord | undefined {
    return [...this.byToken.values()].find((k) => k.key_alias === alias);
  }

  generate(body: Record<string, unknown>): { raw: string; record: KeyRecord } | StandinError {
    const alias = typeof body.key_alias === 'string' ? body.key_alias : null;
    if (alias !== null && this.findByAlias(alias)) return errors.aliasExists(alias);
    const raw = typeof body.key === 'string' && body.key.startsWith('sk-') ? body.key : newRawKey();
    const now = this.now();
    const duration = typeof body.budget_duration === 'string' ? body.budget_duration : null;
    const record: KeyRecord = {
      token: hashKey(raw),
      key_name: `sk-...${raw.slice(-4)}`,
      key_alias: alias,
      spend: num(body.spend) ?? 0,
      models: Array.isArray(body.models)
        ? body.models.filter((m): m is string => typeof m === 'string')
        : [],
      max_budget: num(body.max_budget),
      soft_budget: num(body.soft_budget),
      budget_duration: duration,
      budget_reset_at: duration ? litellmIso(nextBudgetReset(duration, now)) : null,
      rpm_limit: num(body.rpm_limit),
      tpm_limit: num(body.tpm_limit),
      max_parallel_requests: num(body.max_parallel_requests),
      metadata:
        body.metadata && typeof body.metadata === 'object'
          ? { ...(body.metadata as Record<string, unknown>) }
          : {},
      blocked: null,
      expires: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      last_active: null,
      budget_id: null,
    };
    this.byToken.set(record.token, record);
    return { raw, record };
  }

  /** Returns only what changed, as LiteLLM's update_key_fn does. `metadata` replaces the object. */
  update(
    keyOrHash: string,
    body: Record<string, unknown>,
  ): { record: KeyRecord; changed: Record<string, unknown> } | StandinError {
    const record = this.find(keyOrHash);
    if (!record) return errors.keyNotFound();
    if (
      typeof body.key_alias === 'string' &&
      body.key_alias !== record.key_alias &&
      this.findByAlias(body.key_alias)
    ) {
      return errors.aliasExists(body.key_alias);
    }
    const changed: Record<string, unknown> = {};
    for (const field of settable) {
      if (!(field in body)) continue;
      (record as unknown as Record<string, unknown>)[field] = body[field];
      changed[field] = body[field];
    }
    if ('budget_duration' in body) {
      record.budget_reset_at = record.budget_duration
        ? litellmIso(nextBudgetReset(record.budget_duration, this.now()))
        : null;
      changed.budget_reset_at = record.budget_reset_at;
    }
    record.updated_at = this.now().toISOString();
    return { record, changed };
  }

  delete(tokens: string[]): string[] {
    const gone: string[] = [];
    for (const t of tokens) {
      const rec = this.find(t);
      if (rec && this.byToken.delete(rec.token)) gone.push(t);
    }
    return gone;
  }

  addSpend(token: string, amount: number): void {
    const rec = this.byToken.get(token);
    if (rec) rec.spend += amount;
  }

  touch(token: string): void {
    const rec = this.byToken.get(token);
    if (rec) rec.last_active = this.now().toISOString();
  }

  /** LiteLLM's reset job runs every ~10 minutes; the stand-in resets lazily on every read instead. */
  private resetDue(): void {
    const now = this.now();
    for (const rec of this.byToken.values()) {
      if (!rec.budget_duration || !rec.budget_reset_at || new Date(rec.budget_reset_at) > now)
        continue;
      rec.spend = 0;
      rec.budget_reset_at = litellmIso(nextBudgetReset(rec.budget_duration, now));
    }
  }
}

/** The row as /key/info shows it under "info": the token is removed, the rest as stored. */
export const infoRow = (r: KeyRecord): Record<string, unknown> => {
  const { token: _token, ...rest } = r;
  return {
    ...rest,
    soft_budget_cooldown: false,
    aliases: {},
    config: {},
    permissions: {},
    user_id: null,
    team_id: null,
    model_spend: {},
    model_max_budget: {},
    litellm_budget_table: null,
  };
};

/** The row as /key/block, /key/unblock and /key/list?return_full_object=true return it. */
export const fullRow = (r: KeyRecord): Record<string, unknown> => ({
  ...infoRow(r),
  token: r.token,
});

/** /key/generate's answer: the raw key, once, plus the stored settings. */
export const generateAnswer = (raw: string, r: KeyRecord): Record<string, unknown> => ({
  key_alias: r.key_alias,
  duration: null,
  models: r.models,
  spend: r.spend,
  max_budget: r.max_budget,
  user_id: null,
  team_id: null,
  max_parallel_requests: r.max_parallel_requests,
  metadata: r.metadata,
  tpm_limit: r.tpm_limit,
  rpm_limit: r.rpm_limit,
  budget_duration: r.budget_duration,
  allowed_cache_controls: [],
  config: {},
  permissions: {},
  model_max_budget: {},
  blocked: null,
  aliases: {},
  key: raw,
  budget_id: r.budget_id,
  tags: null,
  key_name: r.key_name,
  expires: r.expires,
  token_id: r.token,
  token: r.token,
  created_by: 'default_user_id',
  updated_by: 'default_user_id',
  created_at: r.created_at,
  updated_at: r.updated_at,
});

/** /key/update's answer: dict values JSON-encoded as strings (Prisma's update_data quirk). */
export const updateAnswer = (
  r: KeyRecord,
  changed: Record<string, unknown>,
): Record<string, unknown> => {
  const out: Record<string, unknown> = { key: r.token };
  for (const [k, v] of Object.entries(changed)) {
    out[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? JSON.stringify(v).replace(/":/g, '": ').replace(/,"/g, ', "')
        : v;
  }
  out.token = r.token;
  return out;
};
