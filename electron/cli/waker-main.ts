// Entry point of the wake service's container (compose/waker/hagw-waker.cjs, one bundled file on
// the stock node image, like the batch service): `hagw-waker serve [--port N]`.
import { systemClock, systemTimers } from '../app/app-environment';
import { runWaker } from '../waker/run-waker';
import { wholeIn } from './cli-numbers';
import { CliExit } from './cli-output';

const run = async (argv: string[]): Promise<void> => {
  const port = argv.indexOf('--port');
  if (argv[0] !== 'serve' || argv.length > 3 || (argv.length > 1 && port !== 1))
    throw new CliExit(2, 'usage: hagw-waker serve [--port N]');
  const w = await runWaker(process.env, {
    port: (port === 1 ? wholeIn(argv[2], '--port', 0, 65535) : undefined) ?? 4200,
    clock: systemClock,
    timers: systemTimers,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  const stop = () => void w.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
};

run(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(
    `hagw-waker: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`,
  );
  process.exitCode = e instanceof CliExit ? e.exitCode : 1;
});
