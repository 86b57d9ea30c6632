import { parseSince } from '../../core/audit-calls';
import type { AuditService } from '../../app/audit-service';
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
  audit: AuditService,
  io: CliIo,
  a: AuditArgs,
): Promise<number> => {
  if (a.extra.length > 0)
    throw new CliExit(
      2,
      'usage: hagw audit [--app A] [--model M] [--since 24h] [--status success|error] [--json]',
    );
  const since = parseSince(a.since ?? '24h');
  if (!since.ok) throw new CliExit(2, since.error);
  if (a.status !== undefined && a.status !== 'success' && a.status !== 'error')
    throw new CliExit(2, `--status is success or error, got "${a.status}".`);
  const r = await audit.list({
    sinceMs: since.value,
    ...(a.app !== undefined ? { app: a.app } : {}),
    ...(a.model !== undefined ? { model: a.model } : {}),
    ...(a.status !== undefined ? { status: a.status } : {}),
  });
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
