import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailureLine } from '../../electron/node/platform/failure-line';

test('a failing job is told once per reason, and again after it has succeeded', async () => {
  const lines: string[] = [];
  const f = new FailureLine((l) => lines.push(l));
  const boom = (why: string) => () => Promise.reject(new Error(why));
  for (let i = 0; i < 3; i++)
    assert.equal(await f.or('reading the stack', boom('ECONNREFUSED'), null), null);
  assert.equal(await f.or('reading the stack', boom('EACCES'), null), null);
  assert.equal(await f.or('reading the stack', () => Promise.resolve(7), 0), 7);
  await f.or('reading the stack', boom('EACCES'), null);
  await f.or('the certificate probe', boom('EACCES'), null);
  assert.deepEqual(lines, [
    'hagw: reading the stack failed: ECONNREFUSED',
    'hagw: reading the stack failed: EACCES',
    'hagw: reading the stack failed: EACCES',
    'hagw: the certificate probe failed: EACCES',
  ]);
});
