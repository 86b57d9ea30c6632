// Entry point of the bundled CLI (dist/cli/hagw.mjs, started by bin/hagw.mjs).
import { runCli } from './hagw';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`hagw: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    process.exitCode = 1;
  },
);
