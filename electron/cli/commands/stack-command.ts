import type { Gateway } from '../../node/gateway';
import { type CliIo, CliExit, printJson } from '../cli-output';
import { formatStack } from './status-command';

export interface StackArgs {
  action: string | undefined;
  service: string | undefined;
  wait: boolean;
  timeoutS: number;
  json: boolean;
}

/**
 * `hagw stack up|down|restart [service] [--wait] [--json]`. Progress goes to stderr (a line on a
 * TTY) or, with --json, as one JSON event per line on stderr, so stdout stays one JSON document.
 */
export const stackCommand = async (gw: Gateway, io: CliIo, a: StackArgs): Promise<number> => {
  const sub = gw.stack.onProgress((line) => {
    if (a.json) io.err(JSON.stringify({ event: 'progress', line }));
    else if (io.isTty) io.err(`  ${line}`);
  });
  try {
    const opts = { wait: a.wait, timeoutMs: a.timeoutS * 1000 };
    const result =
      a.action === 'up'
        ? await gw.stack.up(opts)
        : a.action === 'down'
          ? await gw.stack.down()
          : a.action === 'restart'
            ? await gw.stack.restart(a.service, opts)
            : null;
    if (!result)
      throw new CliExit(
        2,
        'usage: hagw stack up|down|restart [service] [--wait] [--timeout S] [--json]',
      );
    if (a.json) printJson(io, { stack: result });
    else io.out(formatStack(result));
    return 0;
  } finally {
    sub.dispose();
  }
};
