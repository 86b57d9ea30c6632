// A command run with a broken install says which step to run, instead of a stack trace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingPackage } from '../../electron/core/missing-package';

test("a missing package is named from Node's ESM and CommonJS errors; other errors are not", () => {
  const esm = Object.assign(
    new Error("Cannot find package 'dockerode' imported from /x/dist/cli/chunks/run-command.mjs"),
    { code: 'ERR_MODULE_NOT_FOUND' },
  );
  const cjs = Object.assign(new Error("Cannot find module 'yaml'\nRequire stack:"), {
    code: 'MODULE_NOT_FOUND',
  });
  assert.equal(missingPackage(esm), 'dockerode');
  assert.equal(missingPackage(cjs), 'yaml');
  assert.equal(missingPackage(new Error('EACCES')), null);
});
