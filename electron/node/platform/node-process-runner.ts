import { spawn } from 'node:child_process';
import type { ProcessResult, ProcessRunner, RunOptions } from '../../core/ports';

/** child_process.spawn with an argv array (shell: false), a timeout and a bounded output buffer. */
export class NodeProcessRunner implements ProcessRunner {
  constructor(private readonly maxOutputBytes = 4 * 1024 * 1024) {}

  run(file: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
    return new Promise((resolve) => {
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const child = spawn(file, args, {
        shell: false,
        cwd: options.cwd,
        env: options.env ? options.env : process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const cap = (acc: string, chunk: string) =>
        acc.length + chunk.length > this.maxOutputBytes ? acc : acc + chunk;
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout = cap(stdout, c);
        options.onOutput?.(c, 'stdout');
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr = cap(stderr, c);
        options.onOutput?.(c, 'stderr');
      });
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              child.kill('SIGKILL');
            }, options.timeoutMs);
      child.on('error', (err: NodeJS.ErrnoException) => {
        if (timer) clearTimeout(timer);
        resolve({
          code: err.code === 'ENOENT' ? 127 : 126,
          stdout,
          stderr: stderr || err.message,
          timedOut,
        });
      });
      child.on('close', (code) => {
        if (timer) clearTimeout(timer);
        resolve({ code, stdout, stderr, timedOut });
      });
    });
  }
}
