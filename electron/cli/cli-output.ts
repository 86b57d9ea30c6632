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

// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const controlOrNewline = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]|\n(?!$)/g;
const visible = (c: string): string =>
  c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/**
 * What reaches the terminal never carries a control character from input: an argument, a route or
 * channel name, or an answer echoed back could otherwise retitle the terminal, recolour it or
 * forge a second line. Escape sequences are shown as \x1b; an error line keeps to one line (an
 * embedded newline shows as \n). JSON output is already escaped by JSON.stringify.
 */
export const safeIo = (io: CliIo): CliIo => ({
  out: (t) => io.out(t.replace(controlChars, visible)),
  err: (t) => io.err(t.replace(controlOrNewline, visible)),
  isTty: io.isTty,
});

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
