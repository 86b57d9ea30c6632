import { resolve } from 'node:path';
import type { App } from '../../app/create-app';
import type { DoctorReport } from '../../shared/doctor';
import { type CliIo, printJson } from '../cli-output';

const order = { critical: 0, warning: 1, info: 2 } as const;

/** `hagw doctor [--json] [--compose FILE]`: exit 1 when any finding is critical. */
export const doctorCommand = async (
  gw: Pick<App, 'safety'>,
  io: CliIo,
  o: { json: boolean; compose: string | undefined; envFile: string | undefined },
): Promise<number> => {
  // The configured stack gets the full report (with the certificate probe); --compose audits files.
  const files = o.compose?.split(':').map((f) => resolve(f)) ?? [];
  const findings = (
    o.compose
      ? await gw.safety.auditFiles(files, o.envFile === undefined ? undefined : resolve(o.envFile))
      : await gw.safety.doctor()
  ).findings.sort((a, b) => order[a.severity] - order[b.severity]);
  const report: DoctorReport = { findings };
  if (o.json) printJson(io, report);
  else if (findings.length === 0) io.out('No findings: the stack looks safe.');
  else
    io.out(
      findings
        .map(
          (f) =>
            `${f.severity}${f.service ? ` [${f.service}]` : ''}: ${f.message}\n  fix: ${f.fix}`,
        )
        .join('\n'),
    );
  return findings.some((f) => f.severity === 'critical') ? 1 : 0;
};
