// Entry point of the batch service's container (compose/batch/hagw-batch.mjs, one bundled file
// with BullMQ and ioredis inside): `hagw batch serve`, without the rest of the CLI's dependencies
// (dockerode, systeminformation), which the service does not use.
import { resolveConfig } from '../app/app-environment';
import { systemClock, systemTimers } from '../app/app-environment';
import { CliExit, processIo } from './cli-output';
import { batchServeCommand } from './commands/batch-serve-command';
import { wholeIn } from './cli-numbers';

const run = async (argv: string[]): Promise<number> => {
  const port = argv.indexOf('--port');
  if (argv[0] !== 'serve' || argv.length > 3 || (argv.length > 1 && port !== 1))
    throw new CliExit(2, 'usage: hagw-batch serve [--port N]');
  return batchServeCommand(resolveConfig('/', process.env), process.env, processIo, {
    port: port === 1 ? wholeIn(argv[2], '--port', 0, 65535) : undefined,
    clock: systemClock,
    timers: systemTimers,
  });
};

run(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`hagw: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    process.exitCode = e instanceof CliExit ? e.exitCode : 1;
  },
);
