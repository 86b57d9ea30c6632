import type { App } from '../../app/create-app';
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

const formatRoutes = (routes: NonNullable<StatusReport['routes']>): string =>
  routes.length === 0
    ? '\nno local routes in LiteLLM to try'
    : `\n${table([
        ['ROUTE', 'SERVICE', 'CALL', 'MS'],
        ...routes.map((r) => [
          r.route,
          r.service,
          r.ok ? 'ok' : `FAILED ${r.error ?? ''}`,
          String(Math.round(r.ms)),
        ]),
      ])}`;

const formatStatus = (r: StatusReport): string =>
  `${formatStack(r.stack)}\nlitellm ${r.litellm.url}: ${r.litellm.reachable ? `up${r.litellm.version ? ` (v${r.litellm.version})` : ''}` : `down: ${r.litellm.error ?? ''}`}${r.routes ? formatRoutes(r.routes) : ''}`;

/**
 * `hagw status`: always a report (exit 0); what is wrong goes to stderr as one line. With --deep,
 * one tiny call per local route, and exit 1 when any of them fails (a cron job sees a dead engine).
 */
export const statusCommand = async (
  gw: Pick<App, 'stack'>,
  io: CliIo,
  json: boolean,
  deep = false,
): Promise<number> => {
  const report = await gw.stack.status({ deep });
  if (json) printJson(io, report);
  else io.out(formatStatus(report));
  if (
    report.stack.reason &&
    (report.stack.state === 'docker-unavailable' || report.stack.state === 'error')
  ) {
    io.err(`hagw: ${report.stack.reason}`);
  }
  const failed = (report.routes ?? []).filter((r) => !r.ok);
  if (failed.length > 0) {
    io.err(
      `hagw: ${failed.map((r) => `${r.route} (${r.service}) failed: ${r.error ?? '?'}`).join('; ')}`,
    );
    return 1;
  }
  return 0;
};
