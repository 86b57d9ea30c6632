import type { ErrorInfo } from '../shared/result';

/**
 * The one error type that crosses layers. `message` is a single line a person can act on; the
 * CLI prints it as is, IPC and the bridge send it as data ({code, message}), never a stack trace.
 */
export class GatewayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Bad input: the field at fault and what is wrong with it, for each face to word. */
    readonly input?: { field: string; reason: string },
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, ...this.input };
  }
}

export const toErrorInfo = (e: unknown): ErrorInfo =>
  e instanceof GatewayError
    ? e.toInfo()
    : { code: 'INTERNAL', message: e instanceof Error ? firstLine(e.message) : String(e) };

export const firstLine = (text: string): string => text.trim().split('\n')[0]?.trim() ?? '';
