import assert from 'node:assert/strict';
import { test } from 'node:test';
import { multipartBoundary, parseMultipart } from '../../electron/node/services/multipart-form';

test('reads the fields and the file of a multipart body as FormData writes it', async () => {
  // The body the openai client sends is FormData's: build one with undici's own encoder.
  const form = new FormData();
  form.append('purpose', 'batch');
  form.append('file', new Blob(['{"a":1}\r\n{"b":"--x"}\n']), 'in "odd".jsonl');
  const req = new Request('http://x/', { method: 'POST', body: form });
  const boundary = multipartBoundary(req.headers.get('content-type') ?? undefined);
  assert.ok(boundary);
  const parts = parseMultipart(Buffer.from(await req.arrayBuffer()), boundary);
  assert.ok(parts);
  assert.deepEqual(
    parts.map((p) => [p.name, p.filename, p.data.toString()]),
    [
      ['purpose', null, 'batch'],
      ['file', 'in %22odd%22.jsonl', '{"a":1}\r\n{"b":"--x"}\n'],
    ],
  );
});

test('refuses what is not multipart or not well formed', () => {
  assert.equal(multipartBoundary('application/json'), null);
  assert.equal(multipartBoundary(undefined), null);
  assert.equal(multipartBoundary('multipart/form-data; boundary="a b"'), 'a b');
  assert.equal(parseMultipart(Buffer.from('no delimiter here'), 'zz'), null);
  assert.equal(
    parseMultipart(
      Buffer.from('--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'),
      'zz',
    ),
    null,
  );
  assert.equal(
    parseMultipart(Buffer.from('--zz\r\nContent-Type: text/plain\r\n\r\nx\r\n--zz--'), 'zz'),
    null,
  );
  assert.deepEqual(parseMultipart(Buffer.from('--zz--\r\n'), 'zz'), []);
});
