import type { BatchEndpoint, BatchErrorItem } from '../shared/batch';

/** One request of a batch input file, as the worker runs it. */
export interface BatchLine {
  /** 0-based position in the file: the output file keeps this order. */
  index: number;
  customId: string;
  body: Record<string, unknown>;
}

/** A line that cannot run but names its custom_id: it becomes an error-file line. */
export interface RejectedLine {
  index: number;
  customId: string;
  code: string;
  message: string;
}

/** What the batch service accepts; stated in the README and in every refusal. */
export interface BatchLimits {
  maxFileBytes: number;
  maxLines: number;
}

export const defaultBatchLimits: BatchLimits = { maxFileBytes: 50 * 1024 * 1024, maxLines: 50_000 };

/** More than this many errors in one file says nothing new: the list is cut there. */
const maxReportedErrors = 100;

const item = (code: string, message: string, line: number | null, param: string | null = null) =>
  ({ code, message, param, line }) satisfies BatchErrorItem;

/**
 * Validates a batch input file against OpenAI's rules (one JSON object per line with custom_id,
 * method POST, url equal to the batch's endpoint and a body object; custom_ids unique), line
 * numbers 1-based in OpenAI's `errors` list. One broken line among good ones whose custom_id can
 * still be read is that request's error line, and the rest runs; a file that is not JSONL at all,
 * or any line without a custom_id, fails the batch.
 */
export const parseBatchInput = (
  text: string,
  endpoint: BatchEndpoint,
  limits: BatchLimits = defaultBatchLimits,
):
  | { ok: true; lines: BatchLine[]; rejected: RejectedLine[] }
  | { ok: false; errors: BatchErrorItem[] } => {
  // A UTF-8 byte-order mark (Windows editors write one) is not part of the first request.
  const raw = text.replace(/^\uFEFF/, '').split('\n');
  // A trailing newline is not an empty line.
  if (raw.at(-1) === '') raw.pop();
  if (raw.length === 0 || raw.every((l) => l.trim() === ''))
    return { ok: false, errors: [item('empty_file', 'The input file has no requests.', null)] };
  if (raw.length > limits.maxLines)
    return {
      ok: false,
      errors: [
        item(
          'too_many_requests',
          `The input file has ${raw.length} lines; a batch takes at most ${limits.maxLines}.`,
          null,
        ),
      ],
    };
  const errors: BatchErrorItem[] = [];
  const lines: BatchLine[] = [];
  const rejected: RejectedLine[] = [];
  const seen = new Set<string>();
  raw.forEach((textLine, i) => {
    if (errors.length >= maxReportedErrors) return;
    const n = i + 1;
    let v: unknown;
    try {
      v = JSON.parse(textLine.replace(/\r$/, ''));
    } catch {
      const customId = /"custom_id"\s*:\s*"((?:[^"\\]|\\.)+)"/.exec(textLine)?.[1];
      if (customId === undefined || seen.has(customId))
        errors.push(item('invalid_json_line', `Line ${n} is not valid JSON.`, n));
      else {
        seen.add(customId);
        rejected.push({
          index: i,
          customId,
          code: 'invalid_json_line',
          message: `Line ${n} is not valid JSON.`,
        });
      }
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      errors.push(item('invalid_json_line', `Line ${n} is not a JSON object.`, n));
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.custom_id !== 'string' || o.custom_id === '') {
      errors.push(
        item('missing_required_parameter', `Line ${n} has no custom_id.`, n, 'custom_id'),
      );
      return;
    }
    if (seen.has(o.custom_id)) {
      errors.push(
        item(
          'duplicate_custom_id',
          `Line ${n} repeats custom_id "${o.custom_id}"; each request needs its own.`,
          n,
          'custom_id',
        ),
      );
      return;
    }
    seen.add(o.custom_id);
    if (o.method !== 'POST') {
      errors.push(item('invalid_method', `Line ${n}: method must be "POST".`, n, 'method'));
      return;
    }
    if (o.url !== endpoint) {
      errors.push(
        item(
          'mismatched_endpoint',
          `Line ${n}: url is ${JSON.stringify(o.url)}, but this batch's endpoint is ${endpoint}.`,
          n,
          'url',
        ),
      );
      return;
    }
    if (typeof o.body !== 'object' || o.body === null || Array.isArray(o.body)) {
      errors.push(item('missing_required_parameter', `Line ${n} has no body object.`, n, 'body'));
      return;
    }
    const body = o.body as Record<string, unknown>;
    if (typeof body.model !== 'string' || body.model === '') {
      errors.push(
        item('missing_required_parameter', `Line ${n}: body.model is missing.`, n, 'body.model'),
      );
      return;
    }
    // A stream cannot be written to an output file line.
    if (body.stream === true) {
      errors.push(
        item(
          'invalid_request',
          `Line ${n}: "stream": true is not allowed in a batch.`,
          n,
          'body.stream',
        ),
      );
      return;
    }
    lines.push({ index: i, customId: o.custom_id, body });
  });
  // Not one request could run: the file is not JSONL for this API.
  if (errors.length === 0 && lines.length === 0)
    return {
      ok: false,
      errors: [item('invalid_file', 'No line of the input file is a valid request.', null)],
    };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lines, rejected };
};
