/** Errors cross every boundary (IPC, the bridge, the CLI's --json) as data, never as a thrown object. */
export interface ErrorInfo {
  /** Stable machine-readable code, e.g. DOCKER_UNAVAILABLE, COMPOSE_FILE, BAD_REQUEST. */
  code: string;
  /** One line that says what went wrong and what to do. */
  message: string;
  /** The argument at fault (keys.create's "rpm"), when bad input is the reason. */
  field?: string;
  /**
   * What is wrong with that field, without naming it ("must be a whole number from 1 to 100000"):
   * each face puts its own word for the field in front (the CLI's --rpm, the form's Requests/min).
   */
  reason?: string;
}

/** An error in a face's own words: its label for the field, else the message as it came. */
export const errorInFaceWords = (
  e: ErrorInfo,
  labels: Readonly<Record<string, string>>,
): string => {
  const label = e.field === undefined ? undefined : labels[e.field];
  return label !== undefined && e.reason !== undefined ? `${label} ${e.reason}` : e.message;
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
