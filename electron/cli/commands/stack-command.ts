import type { App } from '../../app/create-app';
import { startStack } from '../../app/start-stack';
import type { ImagesReport, UpdateReport } from '../../shared/images';
import { type CliIo, CliExit, printJson, table } from '../cli-output';
import { formatStack } from './status-command';

export interface StackArgs {
  action: string | undefined;
  service: string | undefined;
  wait: boolean;
  timeoutS: number;
  json: boolean;
  tail: number;
  follow: boolean;
  /** Services named after the action (pin). */
  services: string[];
  update: boolean;
  /** Take a digest younger than the wait (settings minImageAgeDays). */
  allowYoung?: boolean;
}

const formatImages = (images: ImagesReport['images']): string =>
  table([
    ['SERVICE', 'PINNED', 'REFERENCE'],
    ...images.map((i) => [
      i.service,
      i.pinned ? 'yes' : i.variable ? 'no' : 'no (hard-coded)',
      i.reference,
    ]),
  ]);

/** `hagw stack images` shows what each service runs; `hagw stack pin [service...]` pins. */
const imagesCommand = async (
  gw: Pick<App, 'config' | 'stack' | 'safety'>,
  io: CliIo,
  a: StackArgs,
): Promise<number> => {
  if (a.action === 'images') {
    if (a.services.length > 0) throw new CliExit(2, 'usage: hagw stack images [--json]');
    const images = await gw.stack.images.list();
    if (a.json) printJson(io, { images });
    else io.out(formatImages(images));
    return 0;
  }
  if (a.update) return updateCommand(gw, io, a);
  // A service that is not in the compose file is named, never skipped (it exited 0 before).
  const known = (await gw.stack.images.list()).map((i) => i.service);
  const unknown = a.services.filter((s) => !known.includes(s));
  if (unknown.length > 0)
    throw new CliExit(
      2,
      `no service ${JSON.stringify(unknown[0]?.slice(0, 40))} in the compose file; services: ${known.join(', ')}`,
    );
  const report = await gw.stack.images.pin({
    services: a.services,
    onProgress: (line) =>
      a.json
        ? io.err(JSON.stringify({ event: 'progress', line }))
        : io.isTty
          ? io.err(`  ${line}`)
          : undefined,
  });
  if (a.json) printJson(io, report);
  else {
    io.out(formatImages(report.images));
    if (report.pinned?.length)
      io.out(`Pinned in ${gw.config.envFile}: ${report.pinned.join(', ')}`);
  }
  for (const f of report.failed ?? []) io.err(`hagw: could not pin ${f.service}: ${f.error}`);
  return (report.failed?.length ?? 0) > 0 ? 1 : 0;
};

const short = (digest: string | null) =>
  digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '—';
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '?');

export const formatUpdates = (r: UpdateReport): string =>
  r.updates
    .map((u) =>
      [
        `${u.service}: ${u.outcome} — ${u.message}`,
        ...(u.toDigest && u.toDigest !== u.fromDigest
          ? [
              `  ${u.tag ?? ''}: ${short(u.fromDigest)} (built ${day(u.fromCreated)}) -> ${short(u.toDigest)} (built ${day(u.toCreated)})`,
            ]
          : []),
        ...(u.releaseNotes && u.outcome !== 'up-to-date'
          ? [`  release notes: ${u.releaseNotes}`]
          : []),
        ...u.failedChecks.map((c) => `  failed ${c.id}: ${c.detail}`),
        ...(u.stillFailing.length > 0
          ? [`  failing before and after (not held against it): ${u.stillFailing.join(', ')}`]
          : []),
      ].join('\n'),
    )
    .join('\n');

/**
 * `hagw stack update [service...]` (and `stack pin --update`, which is this now): every pinned
 * service, or the ones named. Exit 1 when any was rolled back or failed.
 */
const updateCommand = async (gw: Pick<App, 'safety'>, io: CliIo, a: StackArgs): Promise<number> => {
  const report = await gw.safety.updates.update(
    a.services,
    (line) => (a.json ? io.err(JSON.stringify({ event: 'progress', line })) : io.err(`  ${line}`)),
    { timeoutMs: a.timeoutS * 1000, allowYoung: a.allowYoung ?? false },
  );
  if (a.json) printJson(io, report);
  else
    io.out(
      report.updates.length > 0
        ? formatUpdates(report)
        : 'No pinned images to update (hagw stack pin first).',
    );
  return report.updates.some((u) => u.outcome === 'failed' || u.outcome === 'rolled-back') ? 1 : 0;
};

/** `hagw stack logs <service> [--tail N] [--follow]`: through dockerode, demultiplexed. */
const logsCommand = async (
  gw: Pick<App, 'config' | 'stack' | 'safety'>,
  io: CliIo,
  a: StackArgs,
): Promise<number> => {
  if (!a.service)
    throw new CliExit(2, 'usage: hagw stack logs <service> [--tail N] [--follow] [--json]');
  if (!a.follow) {
    const lines = await gw.stack.controller.logs(a.service, a.tail);
    if (a.json) printJson(io, { service: a.service, lines });
    else if (lines.length > 0) io.out(lines.join('\n'));
    return 0;
  }
  await new Promise<void>((resolve, reject) => {
    gw.stack.controller
      .followLogs(
        a.service ?? '',
        a.tail,
        (line) => io.out(a.json ? JSON.stringify({ service: a.service, line }) : line),
        resolve,
      )
      .then((sub) => {
        const stop = () => {
          sub.dispose();
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }, reject);
  });
  return 0;
};

/**
 * `hagw stack up|down|restart [service] [--wait] [--json]`. Progress goes to stderr (a line on a
 * TTY) or, with --json, as one JSON event per line on stderr, so stdout stays one JSON document.
 */
export const stackCommand = async (
  gw: Pick<App, 'config' | 'stack' | 'safety'>,
  io: CliIo,
  a: StackArgs,
): Promise<number> => {
  if (a.action === 'logs') return logsCommand(gw, io, a);
  if (a.action === 'images' || a.action === 'pin') return imagesCommand(gw, io, a);
  if (a.action === 'update') return updateCommand(gw, io, a);
  const sub = gw.stack.controller.onProgress((line) => {
    if (a.json) io.err(JSON.stringify({ event: 'progress', line }));
    else if (io.isTty) io.err(`  ${line}`);
  });
  try {
    const opts = { wait: a.wait, timeoutMs: a.timeoutS * 1000 };
    const result =
      a.action === 'up'
        ? await startStack(gw.stack, { ...opts, service: a.service }).then(
            ({ stack, pinned, pinProblem }) => {
              if (pinned.length > 0 && !a.json)
                io.err(
                  `Pinned ${pinned.join(', ')} to the digests just pulled (hagw stack images).`,
                );
              if (pinProblem) io.err(`hagw: ${pinProblem}`);
              return stack;
            },
          )
        : a.action === 'down'
          ? await gw.stack.controller.down()
          : a.action === 'restart'
            ? await gw.stack.controller.restart(a.service, opts)
            : null;
    if (!result)
      throw new CliExit(
        2,
        'usage: hagw stack up|down|restart [service] [--wait] [--timeout S] [--json] | hagw stack logs <service> [--tail N] [--follow] | hagw stack images|pin|update [service...]',
      );
    if (a.json) printJson(io, { stack: result });
    else io.out(formatStack(result));
    return 0;
  } finally {
    sub.dispose();
  }
};
