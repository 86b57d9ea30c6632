import type { App, SetupOptions } from '../../app/create-app';
import type { SetupReport } from '../../shared/setup';
import { type CliIo, printJson } from '../cli-output';

const formatSetup = (r: SetupReport): string => {
  const lines = [
    r.dryRun
      ? `Would write ${r.envFile}: ${r.written.join(', ') || 'nothing'}`
      : r.written.length > 0
        ? `Wrote ${r.envFile} (mode 0600): ${r.written.join(', ')}`
        : `${r.envFile} is complete; nothing to write.`,
  ];
  if (r.kept.length > 0) lines.push(`Kept as they were: ${r.kept.join(', ')}`);
  for (const c of r.changes) lines.push(`Changed: ${c}`);
  if (r.backup) lines.push(`Previous file saved as ${r.backup} (the changes above are against it)`);
  lines.push(
    `Model profile ${r.profile.name}: ${r.profile.description} (COMPOSE_PROFILES=${r.profile.composeProfiles.join(',')})`,
  );
  for (const g of r.gpus)
    lines.push(`  GPU ${g.index}: ${g.name}, ${Math.round(g.memoryTotalMiB / 1024)} GB`);
  for (const f of r.findings) lines.push(`${f.severity}: ${f.message}`);
  if (!r.dryRun) lines.push('Next: hagw stack up --wait');
  return lines.join('\n');
};

/** `hagw setup [--dry-run] [--lan-ip ADDR] [--public-name NAME --dns P] [--json]`: exit 1 when something would stop the stack from starting. */
export const setupCommand = async (
  gw: Pick<App, 'stack'>,
  io: CliIo,
  o: { json: boolean; dryRun: boolean } & SetupOptions,
): Promise<number> => {
  const { json: _json, ...options } = o;
  const report = await gw.stack.setup(options);
  if (o.json) printJson(io, report);
  else io.out(formatSetup(report));
  return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
};
