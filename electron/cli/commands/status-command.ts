import type { Gateway } from '../../node/gateway';
import type { StackSnapshot } from '../../shared/stack';
import type { StatusReport } from '../../shared/status';
import { type CliIo, printJson, table } from '../cli-output';

export const formatStack = (s: StackSnapshot): string => {
  const head = `stack ${s.project}: ${s.state}${s.operation ? ` (${s.operation} in progress)` : ''}`;
  if (s.services.length === 0) return s.reason ? `${head}\n  ${s.reason}` : head;
  const rows = s.services.map((x) => [
    `  ${x.name}`,
    x.state,
    x.health,
    x.exitCode !== null ? `exit ${x.exitCode}` : '',
    x.since ?? '',
  ]);
  const logs = s.services
    .filter((x) => x.lastLog && x.lastLog.length > 0)
    .map(
      (x) => `\n  last log of ${x.name}:\n${(x.lastLog ?? []).map((l) => `    ${l}`).join('\n')}`,
    );
  return `${head}${s.reason ? `\n  ${s.reason}` : ''}\n${table(rows)}${logs.join('')}`;
};

const formatStatus = (r: StatusReport): string =>
  `${formatStack(r.stack)}\nlitellm ${r.litellm.url}: ${r.litellm.reachable ? `up${r.litellm.version ? ` (v${r.litellm.version})` : ''}` : `down: ${r.litellm.error ?? ''}`}`;

/** `hagw status`: always a report (exit 0); what is wrong goes to stderr as one line. */
export const statusCommand = async (
  gw: Pick<Gateway, 'status'>,
  io: CliIo,
  json: boolean,
): Promise<number> => {
  const report = await gw.status();
  if (json) printJson(io, report);
  else io.out(formatStatus(report));
  if (
    report.stack.reason &&
    (report.stack.state === 'docker-unavailable' || report.stack.state === 'error')
  ) {
    io.err(`hagw: ${report.stack.reason}`);
  }
  return 0;
};
