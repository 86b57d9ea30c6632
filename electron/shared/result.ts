/** Errors cross every boundary (IPC, the bridge, the CLI's --json) as data, never as a thrown object. */
export interface ErrorInfo {
  /** Stable machine-readable code, e.g. DOCKER_UNAVAILABLE, COMPOSE_FILE, BAD_REQUEST. */
  code: string;
  /** One line that says what went wrong and what to do. */
  message: string;
  /** The argument at fault (keys.create's "rpm"), when bad input is the reason. */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
