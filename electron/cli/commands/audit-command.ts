import type { App } from '../../app/create-app';
import { channelCall } from '../../app/channel-call';
import { modelHandlers } from '../../app/model-handlers';
import { type CliIo, CliExit, printJson, table } from '../cli-output';

export interface AuditArgs {
  app: string | undefined;
  model: string | undefined;
  since: string | undefined;
  status: string | undefined;
  extra: readonly string[];
  json: boolean;
}

/** `hagw audit`: one line per call, from LiteLLM's spend logs (30 days kept). */
export const auditCommand = async (
  gw: Pick<App, 'models' | 'keys' | 'batches'>,
  io: CliIo,
  a: AuditArgs,
): Promise<number> => {
  if (a.extra.length > 0)
    throw new CliExit(
      2,
      'usage: hagw audit [--app A] [--model M] [--since 24h] [--status success|error] [--json]',
    );
  // The Audit view's channel: the same window check (30 days at most) and status values.
  const r = await channelCall(modelHandlers(gw), {
    status: '--status',
    app: '--app',
    model: '--model',
  })('audit.list', { since: a.since ?? '24h', app: a.app, model: a.model, status: a.status });
  if (a.json) printJson(io, r);
  else if (r.error === null || r.stale)
    io.out(
      r.calls.length === 0
        ? `No calls in the last ${a.since ?? '24h'}${a.app ? ` from ${a.app}` : ''}.`
        : table([
            ['TIME (UTC)', 'APP', 'MODEL', 'PROMPT', 'COMPLETION', 'STATUS', 'MS', 'COST $'],
            ...r.calls.map((c) => [
              c.at.slice(0, 19).replace('T', ' '),
              c.app ?? '-',
              c.model,
              String(c.promptTokens),
              String(c.completionTokens),
              c.status,
              c.durationMs === null ? '-' : String(c.durationMs),
              c.cost.toFixed(6),
            ]),
          ]),
    );
  if (r.error !== null) {
    io.err(`hagw: ${r.error}${r.stale ? ' (showing the last answer)' : ''}`);
    return 1;
  }
  return 0;
};
