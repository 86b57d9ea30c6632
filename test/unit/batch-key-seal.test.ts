import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchKeySeal } from '../../electron/batch/batch-key-seal';

test('a sealed key opens with the same secret only, and never shows the key', () => {
  const seal = new BatchKeySeal('a-secret-of-enough-length');
  const key = 'sk-0123456789abcdef';
  const sealed = seal.seal(key);
  assert.doesNotMatch(sealed, /sk-|0123456789abcdef/);
  assert.notEqual(seal.seal(key), sealed, 'a fresh IV each time');
  assert.equal(seal.open(sealed), key);
  assert.throws(
    () => new BatchKeySeal('another-secret-entirely').open(sealed),
    /was the secret changed/,
  );
  const [iv, tag, data] = sealed.split('.');
  const flipped = Buffer.from(data!, 'base64');
  flipped[0]! ^= 1;
  assert.throws(() => seal.open([iv, tag, flipped.toString('base64')].join('.')), /does not open/);
  assert.throws(() => seal.open('garbage'), /damaged/);
  assert.throws(() => new BatchKeySeal('short'), /at least 16 characters/);
});
