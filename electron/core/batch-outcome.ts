// What the batch worker does with each upstream answer, and the lines of OpenAI's output and error
// files. Pure: ids and time come from the caller.

/** One line of an output or error file, as OpenAI writes them. */
export interface BatchResultLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: unknown } | null;
  error: { code: string; message: string } | null;
}

export type LineVerdict =
  | { kind: 'success' }
  /** An error line now: a 4xx that a retry would not change (budget, allowlist, bad request). */
  | { kind: 'error' }
  | { kind: 'retry'; inMs: number };

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, baseMs: 1000, maxMs: 60_000 };

/**
 * LiteLLM answers an exhausted budget with 400 (the pinned 1.80) or 429 (later releases), type
 * "budget_exceeded": spending more time cannot fix it, so it is an error line, not a retry loop.
 */
export const isBudgetExceeded = (body: unknown): boolean => {
  const e = (body as { error?: { type?: unknown; message?: unknown } } | null)?.error;
  return (
    e?.type === 'budget_exceeded' ||
    (typeof e?.message === 'string' && /budget has been exceeded/i.test(e.message))
  );
};

/**
 * 2xx is done; 429 and 5xx (and no answer at all, status 0) are retried with exponential backoff,
 * or after Retry-After when the server says; everything else is the line's error.
 */
export const judgeAnswer = (
  a: { status: number; body: unknown; retryAfterS?: number | null },
  attempt: number,
  policy: RetryPolicy = defaultRetryPolicy,
): LineVerdict => {
  if (a.status >= 200 && a.status < 300) return { kind: 'success' };
  if (isBudgetExceeded(a.body)) return { kind: 'error' };
  const transient = a.status === 0 || a.status === 429 || a.status >= 500;
  if (!transient || attempt >= policy.maxAttempts) return { kind: 'error' };
  const backoff = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const told = typeof a.retryAfterS === 'number' && a.retryAfterS > 0 ? a.retryAfterS * 1000 : 0;
  return { kind: 'retry', inMs: Math.min(policy.maxMs, Math.max(backoff, told)) };
};

/** A line that got an HTTP answer (output file for 2xx, error file otherwise). */
export const answeredLine = (
  ids: { id: string; requestId: string },
  customId: string,
  status: number,
  body: unknown,
): BatchResultLine => ({
  id: ids.id,
  custom_id: customId,
  response: { status_code: status, request_id: ids.requestId, body },
  error: null,
});

/** A line that never got an answer: expired, cancelled, or the upstream unreachable to the end. */
export const unansweredLine = (
  id: string,
  customId: string,
  code: 'batch_expired' | 'invalid_json_line' | 'server_error',
  message: string,
): BatchResultLine => ({ id, custom_id: customId, response: null, error: { code, message } });

export const expiredMessage =
  'This request could not be executed before the completion window expired.';

/** Whether a result line belongs in the output file (the rest go to the error file). */
export const isSuccessLine = (l: BatchResultLine): boolean =>
  l.response !== null && l.response.status_code >= 200 && l.response.status_code < 300;
