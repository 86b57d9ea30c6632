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

const whole = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a whole number from ${min} to ${max}` })
    .int({ error: `${what} must be a whole number from ${min} to ${max}` })
    .min(min, { error: `${what} must be a whole number from ${min} to ${max}` })
    .max(max, { error: `${what} must be a whole number from ${min} to ${max}` });
const amount = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number from ${min} to ${max}` })
    .min(min, { error: `${what} must be at least ${min}` })
    .max(max, { error: `${what} must be at most ${max}` });
const text = (what: string) =>
  z.string({ error: `${what} must be text` }).max(4096, { error: `${what} is too long` });
/** An optional argument: the HTTP bridge carries a missing one as null (JSON has no undefined). */
const opt = <S extends z.ZodType>(s: S) =>
  s
    .nullish()
    .transform((v) => v ?? undefined)
    .optional();
const confirm = <W extends string>(word: W) =>
  z.literal(word, { error: `this needs confirmation: send "${word}"` });
const tunnel = z.enum(['tailscale', 'cloudflare'], {
  error: 'a tunnel is tailscale or cloudflare',
});
const alias = text('the app name');
const r = keyLimits;

const limitChange = z
  .object({
    marginC: z.number().optional(),
    spinUpC: z.number().nullable().optional(),
    siblingGapC: z.number().optional(),
  })
  .strict();

export const invokeArgs = {
  'status.get': z.tuple([]),
  'stack.up': z.tuple([]),
  'stack.down': z.tuple([]),
  'stack.restart': z.tuple([opt(text('the service'))]),
  // The app shows at most the last 500 lines; the renderer cannot ask for the whole history.
  'stack.logs': z.tuple([text('the service'), opt(whole('tail', 1, 500))]),
  'stack.images': z.tuple([]),
  'stack.update': z.tuple([opt(text('the service'))]),
  'compat.results': z.tuple([]),
  'compat.run': z.tuple([]),
  'setup.run': z.tuple([opt(z.boolean({ error: 'dryRun is true or false' }))]),
  'gpu.get': z.tuple([]),
  'gpu.history': z.tuple([]),
  'gpu.week': z.tuple([]),
  'load.queue': z.tuple([]),
  'maintenance.get': z.tuple([]),
  'maintenance.cleaned': z.tuple([opt(text('the date'))]),
  'maintenance.snooze': z.tuple([z.enum(['1d', '1w'], { error: 'snooze for 1d or 1w' })]),
  'keys.list': z.tuple([]),
  'keys.usage': z.tuple([]),
  'keys.create': z.tuple([
    z
      .object({
        alias,
        models: opt(z.array(text('a model'), { error: 'models is a list of model names' })),
        budgetUsd: opt(amount('budgetUsd', r.budgetUsd.min, r.budgetUsd.max)),
        /** Instead of budgetUsd: priced with the first model, as `--tokens-per-month`. */
        tokensPerMonth: opt(whole('tokensPerMonth', r.tokensPerMonth.min, r.tokensPerMonth.max)),
        /** Absent: the first month's 60 requests a minute (core/key-policy.ts). */
        rpm: opt(whole('rpm', r.rpm.min, r.rpm.max)),
      })
      .strict(),
  ]),
  /** A new key for the app, the old one deleted; the new raw key comes back to be copied. */
  'keys.rotate': z.tuple([alias, confirm('rotate')]),
  /** The one place a raw key reaches the renderer: the key the user asked to copy. */
  'keys.copy': z.tuple([alias]),
  'keys.setBlocked': z.tuple([alias, z.boolean({ error: 'blocked is true or false' })]),
  'keys.updateBudget': z.tuple([alias, amount('budgetUsd', r.budgetUsd.min, r.budgetUsd.max)]),
  'keys.delete': z.tuple([alias, confirm('delete')]),
  'alerts.list': z.tuple([]),
  /** Run one of an alert's actions: block-key, snooze-1d, snooze-1w, mark-cleaned. */
  'alerts.act': z.tuple([text('the alert'), text('the action')]),
  'certs.get': z.tuple([]),
  'doctor.run': z.tuple([]),
  'notify.list': z.tuple([]),
  'notify.add': z.tuple([
    z
      .object({
        type: text('the channel type'),
        url: text('the URL'),
        token: opt(text('the token')),
        name: opt(text('the name')),
        /** A target on the LAN or this machine, confirmed. */
        allowPrivate: opt(z.boolean()),
      })
      .strict(),
  ]),
  'notify.remove': z.tuple([text('the channel')]),
  'notify.test': z.tuple([opt(text('the channel'))]),
  /** "22:00-07:00", or null to turn quiet hours off. */
  'notify.quiet': z.tuple([text('the quiet hours').nullable()]),
  'batches.list': z.tuple([]),
  'batches.cancel': z.tuple([text('the batch')]),
  'models.list': z.tuple([]),
  /** A route to a model vLLM or Ollama serves; cloud models are added from a shell (their key). */
  'models.add': z.tuple([
    z
      .object({
        served: text('the served model'),
        name: opt(text('the route name')),
        priceIn: opt(amount('priceIn', 0, 1000)),
        priceOut: opt(amount('priceOut', 0, 1000)),
      })
      .strict(),
  ]),
  'models.remove': z.tuple([text('the route'), confirm('remove')]),
  'audit.list': z.tuple([
    z
      .object({
        since: text('since'),
        app: opt(text('the app')),
        model: opt(text('the model')),
        status: opt(z.enum(['success', 'error'], { error: 'status is success or error' })),
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
  'settings.startAtLogin': z.tuple([opt(z.boolean({ error: 'open is true or false' }))]),
  /** Read (no argument), change (a partial: refused whole when out of range) or 'reset'. */
  'settings.gpuAlerts': z.tuple([
    opt(z.union([z.literal('reset'), limitChange], { error: 'send the thresholds, or "reset"' })),
  ]),
} as const;

export type InvokeArgsSchemas = typeof invokeArgs;

/** The first problem with a call's arguments: the field, and what it must be. */
export const argumentProblem = (
  channel: keyof InvokeArgsSchemas,
  args: unknown,
): { field: string; message: string } | null => {
  const r = invokeArgs[channel].safeParse(args);
  if (r.success) return null;
  const issue = r.error.issues[0];
  // The path into the tuple: [0, "rpm"] is the first argument's rpm.
  const path = (issue?.path ?? []).filter((p) => typeof p === 'string').join('.');
  const field = path === '' ? `argument ${Number(issue?.path[0] ?? 0) + 1}` : path;
  const message =
    issue?.code === 'too_big' && issue.origin === 'array'
      ? `takes at most ${invokeArgs[channel].def.items.length} arguments`
      : issue?.code === 'unrecognized_keys'
        ? `there is no field ${issue.keys.join(', ')}`
        : (issue?.message ?? 'invalid');
  return { field, message: `${channel}: ${message}` };
};
