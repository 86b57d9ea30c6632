import { GatewayError, toErrorInfo } from '../core/gateway-error';
import { keyLimits } from '../shared/contract-args';
import { type PendingCleanup, PendingCleanups } from '../node/storage/pending-cleanups';
import {
  budgetUsedPercent,
  checkAlias,
  checkBudget,
  checkBudgetPeriod,
  checkModels,
  firstMonthDefaults,
  type ModelPrice,
  tokensToUsd,
} from '../core/key-policy';
import { keySnippets } from '../core/key-snippets';
import { usageRows } from '../core/key-usage';
import type { KeyRow, SpendLogRow } from '../shared/litellm';
import { type CreatedKey, KeysReport, type KeyView, type UsageReport } from '../shared/keys';
import { writeFileAtomic } from '../node/storage/atomic-file';
import { readStateFile, stderrWarn, type Warn } from '../node/storage/state-file';
import type { KeyVault } from '../node/storage/key-vault';
import type { LiteLlmClient } from '../node/services/litellm-client';

type FullRow = KeyRow & { token: string };

export interface CreateKeyOptions {
  alias: string;
  models?: string[];
  budgetUsd?: number;
  tokensPerMonth?: number;
  rpm?: number;
  maxParallel?: number;
  budgetDuration?: string;
}

export interface UpdateKeyOptions {
  budgetUsd?: number;
  rpm?: number;
  models?: string[];
}

/** Bad input; with a field, the reason is worded to follow each face's name for it. */
const bad = (message: string, field?: string, reason?: string) =>
  new GatewayError(
    'BAD_INPUT',
    message,
    field === undefined ? undefined : { field, reason: reason ?? message },
  );
/** Not a whole number within the shared range (the dispatch refuses these first; direct callers too). */
const outside = (v: number | undefined, lim: { min: number; max: number }) =>
  v !== undefined && (!Number.isInteger(v) || v < lim.min || v > lim.max);
const wholeIn = (field: string, min: number, max: number) =>
  bad(
    `${field} must be a whole number from ${min} to ${max}.`,
    field,
    `must be a whole number from ${min} to ${max}`,
  );

/** LiteLLM could not be asked: the last list it gave stands in, marked stale. */
const notAnswering = new Set(['UNREACHABLE', 'TIMEOUT', 'LITELLM_SERVER']);

/** LiteLLM answered generate with a clear refusal: it made no key. */
const isDefiniteRefusal = (e: unknown): boolean =>
  e instanceof GatewayError &&
  [
    'LITELLM_BAD_REQUEST',
    'LITELLM_AUTH',
    'LITELLM_NOT_FOUND',
    'LITELLM_RATE_LIMITED',
    'BAD_INPUT',
  ].includes(e.code);

export const toKeyView = (r: FullRow, inVault: boolean): KeyView => ({
  alias: r.key_alias,
  tokenHash: r.token,
  models: r.models,
  spend: r.spend,
  maxBudget: r.max_budget,
  budgetDuration: r.budget_duration,
  budgetResetAt: r.budget_reset_at,
  budgetUsedPercent: budgetUsedPercent(r.spend, r.max_budget),
  rpmLimit: r.rpm_limit,
  tpmLimit: r.tpm_limit,
  blocked: r.blocked === true,
  inVault,
});

/**
 * Per-app keys: LiteLLM holds the key and its limits, the vault holds the raw key. Every change is
 * ordered so that a failure leaves nothing half-done: a failed create leaves no vault entry and no
 * key, a failed rotate leaves the old key working.
 */
export class KeyService {
  /** The last read of the request counters, for a rate between two reads. */
  private lastCounts: { at: number; counts: Map<string, number> } | null = null;

  constructor(
    private readonly litellm: LiteLlmClient,
    private readonly vault: KeyVault,
    private readonly cacheFile: string,
    private readonly gatewayUrl: () => Promise<string>,
    private readonly now: () => Date = () => new Date(),
    private readonly warn: Warn = stderrWarn,
    private readonly pending: PendingCleanups = new PendingCleanups(
      `${cacheFile}.pending-cleanup`,
      warn,
      now,
    ),
  ) {}

  async rows(): Promise<FullRow[]> {
    return (await this.litellm.listKeys(true)).filter((k): k is FullRow => typeof k === 'object');
  }
  /** A raw key the vault could not drop stays on disk (0600): say which app's, never the key. */
  private vaultLeft(alias: string): (e: unknown) => void {
    return (e) =>
      this.warn(
        `hagw: removing the stored raw key of "${alias}" from keys.json failed: ${toErrorInfo(e).message}`,
      );
  }

  /**
   * Every key; when LiteLLM does not answer, the last list that it did, marked stale. A wrong
   * master key or a garbled answer is not "did not answer": those are thrown, with the fix.
   */
  async list(): Promise<KeysReport> {
    try {
      // Both settle before either failure counts: a vault read left running after the command
      // returned would move a damaged keys.json aside, and warn, when nobody listens any more.
      const [rowsR, vaultR] = await Promise.allSettled([this.rows(), this.vault.has()]);
      if (rowsR.status === 'rejected') throw rowsR.reason;
      if (vaultR.status === 'rejected') throw vaultR.reason;
      const [rows, vaulted] = [rowsR.value, vaultR.value];
      const report: KeysReport = {
        keys: rows.map((r) => toKeyView(r, vaulted.has(r.token))),
        stale: false,
        error: null,
      };
      await writeFileAtomic(this.cacheFile, JSON.stringify(report), 0o600);
      return report;
    } catch (e) {
      if (!(e instanceof GatewayError) || !notAnswering.has(e.code)) throw e;
      const cached = await this.readCache();
      if (!cached) throw e;
      return { ...cached, stale: true, error: e.message };
    }
  }

  private readCache(): Promise<KeysReport | null> {
    return readStateFile(this.cacheFile, KeysReport, 'key list cache', {
      warn: this.warn,
      now: this.now,
    });
  }

  async find(alias: string): Promise<FullRow> {
    const row = (await this.rows()).find((r) => r.key_alias === alias);
    if (!row) throw new GatewayError('NOT_FOUND', `No key "${alias}"; see hagw keys list.`);
    return row;
  }

  async prices(): Promise<ModelPrice[]> {
    const info = await this.litellm.modelInfo();
    return info.data.map((m) => ({
      model: m.model_name,
      inputPerToken: m.model_info.input_cost_per_token ?? 0,
      outputPerToken: m.model_info.output_cost_per_token ?? 0,
    }));
  }

  async create(o: CreateKeyOptions): Promise<CreatedKey> {
    const alias = checkAlias(o.alias);
    if (!alias.ok) throw bad(alias.error, 'alias');
    if (o.budgetUsd !== undefined && o.tokensPerMonth !== undefined)
      throw bad(
        'Give a budget in dollars or in tokens a month, not both.',
        'tokensPerMonth',
        'cannot go with a budget in dollars: give one, not both',
      );
    const available = (await this.litellm.models()).data.map((m) => m.id);
    const models = checkModels(
      o.models && o.models.length > 0
        ? o.models
        : available.filter((m) => m === 'local-chat').slice(0, 1),
      available,
    );
    if (!models.ok) throw bad(models.error, 'models');
    if (o.budgetDuration !== undefined) {
      const period = checkBudgetPeriod(o.budgetDuration);
      if (!period.ok)
        throw bad(`The budget period ${period.error}`, 'budgetDuration', period.error);
    }
    if (outside(o.maxParallel, keyLimits.parallel))
      throw wholeIn('maxParallel', keyLimits.parallel.min, keyLimits.parallel.max);
    if (outside(o.rpm, keyLimits.rpm)) throw wholeIn('rpm', keyLimits.rpm.min, keyLimits.rpm.max);
    let budget: number = firstMonthDefaults.maxBudgetUsd;
    if (o.budgetUsd !== undefined) {
      const b = checkBudget(o.budgetUsd);
      if (!b.ok) throw bad(b.error, 'budgetUsd');
      budget = b.value;
    } else if (o.tokensPerMonth !== undefined) {
      if (outside(o.tokensPerMonth, keyLimits.tokensPerMonth))
        throw wholeIn('tokensPerMonth', keyLimits.tokensPerMonth.min, keyLimits.tokensPerMonth.max);
      const price = (await this.prices()).find((p) => p.model === models.value[0]);
      if (!price || price.inputPerToken + price.outputPerToken === 0)
        throw bad(`${models.value[0] ?? 'The model'} has no price; give the budget in dollars.`);
      const b = checkBudget(tokensToUsd(o.tokensPerMonth, price));
      if (!b.ok) throw bad(b.error, 'budgetUsd');
      budget = b.value;
    }
    await this.finishPendingCleanups();
    // Whether the alias is already taken decides what an unclear failure may clean up: a key
    // found under it afterwards can only be ours if nobody had the name before.
    const aliasTaken = (await this.rows()).some((r) => r.key_alias === alias.value);
    let token: string | null = null;
    try {
      const generated = await this.litellm.generateKey({
        key_alias: alias.value,
        models: models.value,
        max_budget: budget,
        budget_duration: o.budgetDuration ?? firstMonthDefaults.budgetDuration,
        rpm_limit: o.rpm ?? firstMonthDefaults.rpmLimit,
        max_parallel_requests: o.maxParallel ?? firstMonthDefaults.maxParallelRequests,
        metadata: { app: alias.value, created_via: 'hagw' },
      });
      token = generated.token ?? generated.token_id ?? '';
      await this.vault
        .put(token, { alias: alias.value, key: generated.key, createdAt: this.now().toISOString() })
        .catch((e: unknown) => {
          // Without the vault entry the raw key could never be copied again: undo the key.
          throw new GatewayError(
            'VAULT',
            `Could not store the key in the vault (${(e as Error).message}); nothing was created.`,
          );
        });
      const row = await this.litellm.keyInfo(token);
      return {
        key: toKeyView({ ...row.info, token }, true),
        rawKey: generated.key,
        snippets: keySnippets(
          await this.gatewayUrl(),
          generated.key,
          models.value[0] ?? 'local-chat',
        ),
      };
    } catch (e) {
      // A definite "no" to generate (400 alias exists, 401) made nothing; anything else may have.
      const madeNothing = token === null && isDefiniteRefusal(e);
      const undone = madeNothing || (await this.undoCreate(alias.value, token, aliasTaken));
      if (token !== null && (e as { code?: string }).code !== 'VAULT')
        throw new GatewayError(
          (e as { code?: string }).code ?? 'INTERNAL',
          undone
            ? `Creating "${alias.value}" failed after LiteLLM made the key (${toErrorInfo(e).message}); the key was removed again, so "hagw keys create ${alias.value}" can be retried.`
            : `Creating "${alias.value}" failed after LiteLLM made the key (${toErrorInfo(e).message}), and removing it failed too: that key is still live in LiteLLM until the next key command deletes it (recorded as a pending clean-up).`,
        );
      throw e;
    }
  }

  /**
   * Keys that live only as long as `fn` (the compatibility check's): never in the vault, their
   * aliases written down as pending clean-ups before they exist, so a run killed at any point is
   * finished by the next command; LiteLLM also expires them on its own after `duration`.
   */
  async withTemporaryKeys<T>(
    specs: readonly { alias: string; maxBudget: number }[],
    fn: (keys: string[]) => Promise<T>,
    duration = '15m',
  ): Promise<T> {
    await this.finishPendingCleanups();
    for (const s of specs) await this.pending.add({ alias: s.alias });
    const made: string[] = [];
    try {
      for (const s of specs) {
        const g = await this.litellm.generateKey({
          key_alias: s.alias,
          max_budget: s.maxBudget,
          duration,
          metadata: { created_via: 'hagw', temporary: true },
        });
        made.push(g.key);
      }
      return await fn(made);
    } finally {
      await this.finishPendingCleanups();
    }
  }

  /**
   * Removes what a failed create left: the key by its token, or (answer lost) by its alias when
   * the alias was free before. If LiteLLM cannot be reached, the clean-up is written down and
   * finished by the next command.
   */
  private async undoCreate(
    alias: string,
    token: string | null,
    aliasTaken: boolean,
  ): Promise<boolean> {
    if (token === null && aliasTaken) return true;
    const job: PendingCleanup = token !== null ? { token } : { alias };
    if (token !== null) await this.vault.remove(token).catch(this.vaultLeft(alias));
    try {
      await this.runCleanup(job);
      return true;
    } catch {
      await this.pending.add(job);
      return false;
    }
  }

  private async runCleanup(job: PendingCleanup): Promise<void> {
    const tokens =
      'token' in job
        ? [job.token]
        : (await this.rows()).filter((r) => r.key_alias === job.alias).map((r) => r.token);
    if (tokens.length > 0) await this.litellm.deleteKeys(tokens);
    for (const t of tokens) await this.vault.remove(t);
  }

  /** Clean-ups a failed create could not finish: retried before any other key change. */
  async finishPendingCleanups(): Promise<void> {
    for (const job of await this.pending.list()) {
      try {
        await this.runCleanup(job);
        await this.pending.remove(job);
      } catch {
        // Still unreachable: kept for the next command.
      }
    }
  }

  async show(alias: string): Promise<KeyView> {
    const row = await this.find(alias);
    return toKeyView(row, (await this.vault.has()).has(row.token));
  }

  /** /key/update answers only the changed fields (dicts as JSON strings): re-read /key/info after. */
  async update(alias: string, o: UpdateKeyOptions): Promise<KeyView> {
    const row = await this.find(alias);
    const body: Record<string, unknown> & { key: string } = { key: row.token };
    if (o.budgetUsd !== undefined) {
      const b = checkBudget(o.budgetUsd);
      if (!b.ok) throw bad(b.error, 'budgetUsd');
      body.max_budget = b.value;
    }
    if (o.rpm !== undefined) {
      if (outside(o.rpm, keyLimits.rpm)) throw wholeIn('rpm', keyLimits.rpm.min, keyLimits.rpm.max);
      body.rpm_limit = o.rpm;
    }
    if (o.models !== undefined) {
      const m = checkModels(
        o.models,
        (await this.litellm.models()).data.map((x) => x.id),
      );
      if (!m.ok) throw bad(m.error, 'models');
      body.models = m.value;
    }
    if (Object.keys(body).length === 1)
      throw bad('Nothing to change: give a budget, a rate limit or models.');
    await this.litellm.updateKey(body);
    const info = await this.litellm.keyInfo(row.token);
    return toKeyView({ ...info.info, token: row.token }, (await this.vault.has()).has(row.token));
  }

  async setBlocked(alias: string, blocked: boolean): Promise<KeyView> {
    const row = await this.find(alias);
    const r = blocked
      ? await this.litellm.blockKey(row.token)
      : await this.litellm.unblockKey(row.token);
    return toKeyView(r, (await this.vault.has()).has(row.token));
  }

  /**
   * Rotate without LiteLLM's enterprise-only /regenerate: move the old key to a parking alias,
   * generate the new one with the same settings and alias, store it, then delete the old one. If
   * generating fails, the old key gets its alias back and keeps working.
   */
  async rotate(alias: string): Promise<CreatedKey> {
    const old = await this.find(alias);
    const parking = `${alias}.rotating-${this.now().getTime()}`.slice(0, 63);
    await this.litellm.updateKey({ key: old.token, key_alias: parking });
    let generated;
    try {
      generated = await this.litellm.generateKey({
        key_alias: alias,
        models: old.models,
        max_budget: old.max_budget,
        budget_duration: old.budget_duration,
        rpm_limit: old.rpm_limit,
        tpm_limit: old.tpm_limit,
        max_parallel_requests: old.max_parallel_requests,
        metadata: old.metadata ?? {},
      });
      await this.vault.put(generated.token ?? '', {
        alias,
        key: generated.key,
        createdAt: this.now().toISOString(),
      });
    } catch (e) {
      throw await this.undoRotation(alias, old.token, parking, generated?.token ?? null, e);
    }
    // Rotation follows a leak: the old key must die. One retry, then it is written down for the
    // next key command and said, never left live in silence.
    const deleteOld = () => this.litellm.deleteKeys([old.token]);
    const warning = await deleteOld()
      .catch(deleteOld)
      .then(
        () => undefined,
        async (e: unknown) => {
          await this.pending.add({ token: old.token });
          return `The old key (now "${parking}") could not be deleted (${toErrorInfo(e).message}): it still works until the next key command deletes it.`;
        },
      );
    await this.vault.remove(old.token);
    const token = generated.token ?? '';
    const info = await this.litellm.keyInfo(token);
    return {
      key: toKeyView({ ...info.info, token }, true),
      rawKey: generated.key,
      snippets: keySnippets(await this.gatewayUrl(), generated.key, old.models[0] ?? 'local-chat'),
      ...(warning ? { warning } : {}),
    };
  }

  /**
   * A rotation that failed after the old key was parked: the new key goes (found by its alias
   * when LiteLLM's answer to generate was lost), the old key gets its alias back, and the error
   * says what state the keys are in.
   */
  private async undoRotation(
    alias: string,
    oldToken: string,
    parking: string,
    newToken: string | null,
    e: unknown,
  ): Promise<Error> {
    const strays =
      newToken !== null
        ? [newToken]
        : await this.rows().then(
            (rows) =>
              rows.filter((r) => r.key_alias === alias && r.token !== oldToken).map((r) => r.token),
            () => [],
          );
    for (const t of strays) {
      await this.vault.remove(t).catch(this.vaultLeft(alias));
      await this.litellm.deleteKeys([t]).catch(() => this.pending.add({ token: t }));
    }
    const restored = await this.litellm.updateKey({ key: oldToken, key_alias: alias }).then(
      () => true,
      () => false,
    );
    const why = toErrorInfo(e).message;
    return new GatewayError(
      e instanceof GatewayError ? e.code : 'INTERNAL',
      restored
        ? `Rotation failed, the old key still works: ${why}`
        : `Rotation failed (${why}) and the old key could not get its name back: it still works, listed as "${parking}"; rename or rotate it with hagw keys.`,
    );
  }

  /**
   * Deletes the key in LiteLLM and its raw key here. When LiteLLM's answer is lost, whether the
   * key is gone is asked again; still there (or unknowable), the delete is recorded for the next
   * key command. Either way the raw key leaves the vault: its owner asked for it gone.
   */
  async remove(alias: string): Promise<string> {
    const row = await this.find(alias);
    try {
      await this.litellm.deleteKeys([row.token]);
    } catch (e) {
      const gone = await this.litellm.keyInfo(row.token).then(
        () => false,
        (k: unknown) => (k as { code?: string }).code === 'LITELLM_NOT_FOUND',
      );
      await this.vault.remove(row.token);
      if (gone) return row.token;
      await this.pending.add({ token: row.token });
      throw new GatewayError(
        (e as { code?: string }).code ?? 'INTERNAL',
        `LiteLLM did not confirm deleting "${alias}" (${toErrorInfo(e).message}): the key may still be live until the next key command deletes it (recorded as a pending clean-up); its raw key is gone from this machine.`,
      );
    }
    await this.vault.remove(row.token);
    return row.token;
  }

  /** Keys, their spend logs (one call for all keys) and the model prices; stale when LiteLLM is down. */
  async usage(): Promise<UsageReport> {
    return (await this.snapshot()).usage;
  }

  /**
   * The keys, their usage and the spend logs behind it, from one walk of /key/list and one read
   * of /spend/logs: the alert tick needs all three every 15 s.
   */
  async snapshot(): Promise<{ keys: KeysReport; usage: UsageReport; logs: SpendLogRow[] }> {
    const keys = await this.list().catch((e: unknown): KeysReport => {
      // Usage of a LiteLLM that does not answer is "stale", not a failure; a wrong key is one.
      if (e instanceof GatewayError && notAnswering.has(e.code))
        return { keys: [], stale: true, error: e.message };
      throw e;
    });
    if (keys.stale) {
      return {
        keys,
        usage: {
          keys: [],
          totalSpendUsd: 0,
          totalSavedThisMonthUsd: 0,
          stale: true,
          error: keys.error,
        },
        logs: [],
      };
    }
    const [logs, prices, counts] = await Promise.all([
      this.litellm.spendLogs(),
      this.prices(),
      this.requestCounts(),
    ]);
    const now = this.now().getTime();
    const rates = this.ratesFrom(counts, now);
    const rows = usageRows(keys.keys, logs, prices, now).map((r) =>
      rates?.has(r.tokenHash) ? { ...r, callsPerMinute: rates.get(r.tokenHash) ?? 0 } : r,
    );
    const usage: UsageReport = {
      keys: rows,
      totalSpendUsd: rows.reduce((a, r) => a + r.spend, 0),
      totalSavedThisMonthUsd: rows.reduce((a, r) => a + r.savedThisMonthUsd, 0),
      stale: false,
      error: null,
    };
    return { keys, usage, logs };
  }

  /** litellm_proxy_total_requests_metric_total per hashed_api_key (null when /metrics fails). */
  private async requestCounts(): Promise<Map<string, number> | null> {
    try {
      const counts = new Map<string, number>();
      for (const m of await this.litellm.metrics()) {
        if (m.name !== 'litellm_proxy_total_requests_metric_total' || !m.labels.hashed_api_key)
          continue;
        counts.set(m.labels.hashed_api_key, (counts.get(m.labels.hashed_api_key) ?? 0) + m.value);
      }
      return counts;
    } catch {
      return null;
    }
  }

  /**
   * Calls per minute from the counters' growth since the previous read (at least 20 s ago), as
   * LiteLLM's own metrics count them; null on the first read, where the spend logs stand in.
   */
  private ratesFrom(counts: Map<string, number> | null, now: number): Map<string, number> | null {
    if (!counts) return null;
    const prev = this.lastCounts;
    if (prev && now - prev.at < 20_000) return null;
    this.lastCounts = { at: now, counts };
    if (!prev) return null;
    const minutes = (now - prev.at) / 60_000;
    return new Map(
      [...counts].map(([hash, n]) => [
        hash,
        Math.round((n - (prev.counts.get(hash) ?? 0)) / minutes),
      ]),
    );
  }

  /** The snippets with the raw key, from the vault: the one place a raw key leaves it. */
  async env(alias: string): Promise<CreatedKey> {
    const row = await this.find(alias);
    const entry = await this.vault.get(row.token);
    if (!entry)
      throw new GatewayError(
        'NOT_IN_VAULT',
        `The raw key of "${alias}" is not in this machine's vault (it was made elsewhere); run "hagw keys rotate ${alias}" to get a key you can copy.`,
      );
    return {
      key: toKeyView(row, true),
      rawKey: entry.key,
      snippets: keySnippets(await this.gatewayUrl(), entry.key, row.models[0] ?? 'local-chat'),
    };
  }
}
