import { spawn } from 'node:child_process';
import type { ChildSpawner, RunningChild } from '../../core/ports';

/** child_process.spawn behind the ChildSpawner port: argv array, no shell, stdin closed. */
export const nodeChildSpawner: ChildSpawner = {
  spawn(file, args, env, events): RunningChild {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    child.stdout.setEncoding('utf8').on('data', (c: string) => events.stdout(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => events.stderr(c));
    child.on('error', (e: NodeJS.ErrnoException) => events.error(e.code, e.message));
    child.on('exit', (code, signal) => events.exit(code, signal));
    return { kill: () => void child.kill('SIGKILL') };
  },
};
