import type { ErrorInfo } from '../shared/result';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTty: boolean;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  isTty: Boolean(process.stdout.isTTY),
};

/** One JSON document on stdout: the CLI contract of DESIGN.md. */
export const printJson = (io: CliIo, value: unknown): void =>
  io.out(JSON.stringify(value, null, 2));

export const printError = (io: CliIo, e: ErrorInfo): void => io.err(`hagw: ${e.message}`);

/** Fixed-width columns for the human-readable views. */
export const table = (rows: readonly (readonly string[])[]): string => {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
};

/** Exit codes: 0 done, 1 the operation failed or found a critical problem, 2 bad usage. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
  }
}
