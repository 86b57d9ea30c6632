import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBatchInput } from '../../electron/core/batch-input';

const line = (id: string | undefined, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    ...(id === undefined ? {} : { custom_id: id }),
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'local-chat', messages: [] },
    ...extra,
  });

const codes = (
  text: string,
  endpoint: '/v1/chat/completions' | '/v1/embeddings' = '/v1/chat/completions',
) => {
  const r = parseBatchInput(text, endpoint);
  return r.ok ? [] : r.errors.map((e) => `${e.code}@${e.line}`);
};

test('good lines keep their file positions; a trailing newline and CRLF are fine', () => {
  const r = parseBatchInput(`${line('a')}\r\n${line('b')}\n`, '/v1/chat/completions');
  assert.ok(r.ok);
  assert.deepEqual(
    r.lines.map((l) => [l.index, l.customId]),
    [
      [0, 'a'],
      [1, 'b'],
    ],
  );
  assert.deepEqual(r.rejected, []);
});

test('each refusal names its code and 1-based line', () => {
  assert.deepEqual(codes(''), ['empty_file@null']);
  assert.deepEqual(codes('\n\n'), ['empty_file@null']);
  assert.deepEqual(codes(`${line('a')}\n${line(undefined)}`), ['missing_required_parameter@2']);
  assert.deepEqual(codes(`${line('a')}\n${line('a')}`), ['duplicate_custom_id@2']);
  assert.deepEqual(codes(line('a', { method: 'GET' })), ['invalid_method@1']);
  assert.deepEqual(codes(line('a')), [], 'chat line on the chat endpoint');
  assert.deepEqual(codes(line('a'), '/v1/embeddings'), ['mismatched_endpoint@1']);
  assert.deepEqual(codes(line('a', { body: 'text' })), ['missing_required_parameter@1']);
  assert.deepEqual(codes(line('a', { body: { messages: [] } })), ['missing_required_parameter@1']);
  assert.deepEqual(codes(line('a', { body: { model: 'm', stream: true } })), ['invalid_request@1']);
  assert.deepEqual(codes('[1,2]'), ['invalid_json_line@1']);
});

test('a file that is not JSONL fails whole; one broken line that names its custom_id is its own error', () => {
  assert.deepEqual(codes('name,age\nbob,3\n'), ['invalid_json_line@1', 'invalid_json_line@2']);
  const broken = '{"custom_id": "half", "method": "POST", "body": {';
  const r = parseBatchInput(`${line('a')}\n${broken}\n${line('b')}`, '/v1/chat/completions');
  assert.ok(r.ok);
  assert.deepEqual(
    r.lines.map((l) => l.customId),
    ['a', 'b'],
  );
  assert.deepEqual(r.rejected, [
    { index: 1, customId: 'half', code: 'invalid_json_line', message: 'Line 2 is not valid JSON.' },
  ]);
  // Only broken lines: nothing could run, so the file is refused.
  assert.deepEqual(codes(broken), ['invalid_file@null']);
  // A broken line repeating a good line's custom_id is not recoverable.
  assert.deepEqual(codes(`${line('half')}\n${broken}`), ['invalid_json_line@2']);
});

test('the line limit is checked before any parsing, and the error list is capped at 100', () => {
  const many = Array.from({ length: 6 }, (_, i) => line(`x${i}`)).join('\n');
  const r = parseBatchInput(many, '/v1/chat/completions', { maxFileBytes: 1e9, maxLines: 5 });
  assert.ok(!r.ok);
  assert.equal(r.errors[0]?.code, 'too_many_requests');
  const bad = Array.from({ length: 300 }, () => line(undefined)).join('\n');
  const r2 = parseBatchInput(bad, '/v1/chat/completions');
  assert.ok(!r2.ok);
  assert.equal(r2.errors.length, 100);
});

test('a UTF-8 byte-order mark before the first line is no part of it', () => {
  const r = parseBatchInput(`\uFEFF${line('a')}\n${line('b')}\n`, '/v1/chat/completions');
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(
    r.lines.map((l) => l.customId),
    ['a', 'b'],
  );
});
