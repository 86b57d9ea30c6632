// Every invoke channel's arguments as one zod schema, defined once: the contract's types are
// inferred from them, and the one dispatch (node/contract-handlers.ts) parses every call against
// them before a handler runs, so the dashboard, the tray and the bridge meet the same ranges and
// the same words. An error names the field (keys.create: rpm) and its range.
import { z } from 'zod';

/** The ranges a key's limits may take, the same in the CLI's flags and the dashboard's form. */
export const keyLimits = {
  rpm: { min: 1, max: 100_000 },
  parallel: { min: 1, max: 1000 },
  budgetUsd: { min: 0.000001, max: 10_000 },
  tokensPerMonth: { min: 1, max: 1_000_000_000_000 },
} as const;

// Each message is the reason alone ("must be ..."); argumentProblem puts the field in front, and
// a face may put its own word for the field there instead (errorInFaceWords in shared/result.ts).
const wholeReason = (min: number, max: number) => `must be a whole number from ${min} to ${max}`;
const whole = (min: number, max: number) =>
  z
    .number({ error: wholeReason(min, max) })
    .int({ error: wholeReason(min, max) })
    .min(min, { error: wholeReason(min, max) })
    .max(max, { error: wholeReason(min, max) });
const amount = (min: number, max: number) =>
  z
    .number({ error: `must be a number from ${min} to ${max}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
const text = () => z.string({ error: 'must be text' }).max(4096, { error: 'is too long' });
/** An optional argument: the HTTP bridge carries a missing one as null (JSON has no undefined). */
const opt = <S extends z.ZodType>(s: S) =>
  s
    .nullish()
    .transform((v) => v ?? undefined)
    .optional();
/** A positional argument's name, for the field of an error about it ("tail", not "argument 2"). */
const named = <S extends z.ZodType>(name: string, s: S): S => s.meta({ name });
const confirm = <W extends string>(word: W) =>
  named('confirmation', z.literal(word, { error: `is missing: send "${word}" to confirm` }));
const tunnel = named(
  'tunnel',
  z.enum(['tailscale', 'cloudflare'], {
    error: 'is tailscale or cloudflare',
  }),
);
const alias = named('alias', text());
const r = keyLimits;

const limitChange = z
  .object({
    // Ranges are the settings' own (core/gpu-alert-limits.ts): refused there with each range.
    marginC: z.number({ error: 'must be a number of °C' }).optional(),
    spinUpC: z.number({ error: 'must be a number of °C, or auto' }).nullable().optional(),
    siblingGapC: z.number({ error: 'must be a number of °C' }).optional(),
  })
  .strict();

export const invokeArgs = {
  'status.get': z.tuple([]),
  'stack.up': z.tuple([]),
  'stack.down': z.tuple([]),
  'stack.restart': z.tuple([named('service', opt(text()))]),
  // The app shows at most the last 500 lines; the renderer cannot ask for the whole history.
  'stack.logs': z.tuple([named('service', text()), named('tail', opt(whole(1, 500)))]),
  'stack.images': z.tuple([]),
  'stack.update': z.tuple([named('service', opt(text()))]),
  'compat.results': z.tuple([]),
  'compat.run': z.tuple([]),
  'setup.run': z.tuple([named('dryRun', opt(z.boolean({ error: 'is true or false' })))]),
  'gpu.get': z.tuple([]),
  'gpu.history': z.tuple([]),
  'gpu.week': z.tuple([]),
  'load.queue': z.tuple([]),
  'maintenance.get': z.tuple([]),
  'maintenance.cleaned': z.tuple([named('date', opt(text()))]),
  'maintenance.snooze': z.tuple([named('snooze', z.enum(['1d', '1w'], { error: 'is 1d or 1w' }))]),
  'keys.list': z.tuple([]),
  'keys.usage': z.tuple([]),
  'keys.create': z.tuple([
    z
      .object({
        alias,
        models: opt(z.array(text(), { error: 'is a list of model names' })),
        budgetUsd: opt(amount(r.budgetUsd.min, r.budgetUsd.max)),
        /** Instead of budgetUsd: priced with the first model, as `--tokens-per-month`. */
        tokensPerMonth: opt(whole(r.tokensPerMonth.min, r.tokensPerMonth.max)),
        /** Absent: the first month's 60 requests a minute (core/key-policy.ts). */
        rpm: opt(whole(r.rpm.min, r.rpm.max)),
        /** Requests at once (LiteLLM's max_parallel_requests); absent: no limit. */
        maxParallel: opt(whole(r.parallel.min, r.parallel.max)),
        /** How often the budget resets (1h to 366d; absent: 30d). */
        budgetDuration: opt(text()),
      })
      .strict(),
  ]),
  /** Budget, rate limit or models of a key, any of them; at least one. */
  'keys.update': z.tuple([
    alias,
    z
      .object({
        budgetUsd: opt(amount(r.budgetUsd.min, r.budgetUsd.max)),
        rpm: opt(whole(r.rpm.min, r.rpm.max)),
        models: opt(z.array(text(), { error: 'is a list of model names' })),
      })
      .strict(),
  ]),
  /** A new key for the app, the old one deleted; the new raw key comes back to be copied. */
  'keys.rotate': z.tuple([alias, confirm('rotate')]),
  /** The one place a raw key reaches the renderer: the key the user asked to copy. */
  'keys.copy': z.tuple([alias]),
  'keys.setBlocked': z.tuple([alias, named('blocked', z.boolean({ error: 'is true or false' }))]),
  'keys.updateBudget': z.tuple([
    alias,
    named('budgetUsd', amount(r.budgetUsd.min, r.budgetUsd.max)),
  ]),
  'keys.delete': z.tuple([alias, confirm('delete')]),
  'alerts.list': z.tuple([]),
  /** Run one of an alert's actions: block-key, snooze-1d, snooze-1w, mark-cleaned. */
  'alerts.act': z.tuple([named('alert', text()), named('action', text())]),
  'certs.get': z.tuple([]),
  'doctor.run': z.tuple([]),
  'notify.list': z.tuple([]),
  'notify.add': z.tuple([
    z
      .object({
        type: text(),
        url: text(),
        token: opt(text()),
        name: opt(text()),
        /** A target on the LAN or this machine, confirmed. */
        allowPrivate: opt(z.boolean()),
      })
      .strict(),
  ]),
  'notify.remove': z.tuple([named('channel', text())]),
  'notify.test': z.tuple([named('channel', opt(text()))]),
  /** "22:00-07:00", or null to turn quiet hours off. */
  'notify.quiet': z.tuple([named('quietHours', text().nullable())]),
  'batches.list': z.tuple([]),
  'batches.cancel': z.tuple([named('batch', text())]),
  'models.list': z.tuple([]),
  /** A route to a model vLLM or Ollama serves; cloud models are added from a shell (their key). */
  'models.add': z.tuple([
    z
      .object({
        served: text(),
        name: opt(text()),
        priceIn: opt(amount(0, 1000)),
        priceOut: opt(amount(0, 1000)),
      })
      .strict(),
  ]),
  'models.remove': z.tuple([named('route', text()), confirm('remove')]),
  'lifecycle.get': z.tuple([]),
  /** Named models, or "all": Free the GPU (requests are refused until Resume). */
  'lifecycle.sleep': z.tuple([
    named(
      'models',
      z.union([z.literal('all'), z.array(text()).min(1, { error: 'names at least one model' })], {
        error: 'is "all" or a list of model names',
      }),
    ),
  ]),
  'lifecycle.resume': z.tuple([]),
  'lifecycle.wake': z.tuple([named('model', text())]),
  /** Ranges are the lifecycle's own (core/lifecycle-settings.ts): refused there with each range. */
  'lifecycle.setModel': z.tuple([
    named('model', text()),
    z
      .object({
        idleMinutes: opt(z.number({ error: 'must be a number of minutes' })),
        pinned: opt(z.boolean({ error: 'is true or false' })),
      })
      .strict(),
  ]),
  'lifecycle.setMargin': z.tuple([named('percent', z.number({ error: 'must be a percentage' }))]),
  'audit.list': z.tuple([
    z
      .object({
        since: text(),
        app: opt(text()),
        model: opt(text()),
        status: opt(z.enum(['success', 'error'], { error: 'is success or error' })),
      })
      .strict(),
  ]),
  /** null while Postgres does not answer (stack stopped). */
  'audit.growth': z.tuple([]),
  'remote.get': z.tuple([]),
  /** Only with the tunnel's secret already in the .env: a secret never crosses this window. */
  'remote.enable': z.tuple([tunnel]),
  'remote.disable': z.tuple([opt(tunnel)]),
  'app.info': z.tuple([]),
  /** Read (no argument) or set whether the tray app starts at login. */
  'settings.startAtLogin': z.tuple([named('open', opt(z.boolean({ error: 'is true or false' })))]),
  /** Read (no argument), change (a partial: refused whole when out of range) or 'reset'. */
  'settings.gpuAlerts': z.tuple([
    opt(z.union([z.literal('reset'), limitChange], { error: 'send the thresholds, or "reset"' })),
  ]),
} as const;

export type InvokeArgsSchemas = typeof invokeArgs;

/** The first problem with a call's arguments: the field, what is wrong with it, and both in a line. */
export const argumentProblem = (
  channel: keyof InvokeArgsSchemas,
  args: unknown,
): { field: string; reason: string; message: string } | null => {
  const r = invokeArgs[channel].safeParse(args);
  if (r.success) return null;
  const issue = r.error.issues[0];
  // The path into the tuple: [0, "rpm"] is the first argument's rpm.
  const path = (issue?.path ?? []).filter((p) => typeof p === 'string').join('.');
  const index = Number(issue?.path[0] ?? 0);
  const item = invokeArgs[channel].def.items[index] as z.ZodType | undefined;
  const name = item?.meta()?.name;
  const field = path !== '' ? path : typeof name === 'string' ? name : `argument ${index + 1}`;
  if (issue?.code === 'too_big' && issue.origin === 'array') {
    const reason = `takes at most ${invokeArgs[channel].def.items.length} arguments`;
    return { field, reason, message: `${channel} ${reason}` };
  }
  if (issue?.code === 'unrecognized_keys') {
    const reason = `has no field ${issue.keys.join(', ')}`;
    return { field, reason, message: `${channel}: ${field} ${reason}` };
  }
  const reason = issue?.message ?? 'is not valid';
  return { field, reason, message: `${channel}: ${field} ${reason}` };
};
