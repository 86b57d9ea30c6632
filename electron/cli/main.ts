// Entry point of the bundled CLI (dist/cli/hagw.mjs, started by bin/hagw.mjs).
import { runCli } from './hagw';

// `hagw keys list --json | head -c 100`: a reader that stops reading is not our failure. Exit
// quietly with the command's code instead of an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`hagw: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    process.exitCode = 1;
  },
);
