// The layer rule refuses by default: a package not on a layer's list, a built-in in a pure layer,
// a layer not among those it may import; what the table allows passes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { allowedImports } from '../../scripts/eslint-layers.mjs';
import { repoRoot } from '../support/fixtures';

const lint = (file: string, code: string): string[] =>
  new Linter({ configType: 'flat' })
    .verify(
      code,
      [
        {
          files: ['**/*.ts', '**/*.tsx'],
          languageOptions: { parser: tseslint.parser },
          plugins: { layers: { rules: { 'allowed-imports': allowedImports } } },
          rules: { 'layers/allowed-imports': 'error' },
        },
      ],
      join(repoRoot, file),
    )
    .map((m) => m.message);

test('refused: ioredis in core, a built-in in shared, node from core, the CLI from main', () => {
  assert.match(
    lint('electron/core/x.ts', "import type { Redis } from 'ioredis';")[0] ?? '',
    /the package "ioredis" is not on core's list \(none\)/,
  );
  assert.match(
    lint('electron/shared/x.ts', "import { readFile } from 'node:fs/promises';")[0] ?? '',
    /Node's built-in "node:fs\/promises" is not for shared/,
  );
  assert.match(
    lint('electron/core/x.ts', "export { a } from '../node/a';")[0] ?? '',
    /the node layer is not among what core may import \(shared\)/,
  );
  assert.match(
    lint('electron/main/x.ts', "const c = await import('../cli/hagw');")[0] ?? '',
    /the cli layer is not among/,
  );
  assert.match(
    lint('renderer/src/x.tsx', "import { x } from '../../electron/node/x';")[0] ?? '',
    /the node layer/,
  );
  assert.match(
    lint('electron/node/x.ts', "import { app } from 'electron';")[0] ?? '',
    /"electron" is not on node's list/,
  );
  // The faces present the application layer: an adapter is reached through electron/app only.
  assert.match(
    lint('electron/cli/commands/x.ts', "import { a } from '../../node/docker/a';")[0] ?? '',
    /the node layer is not among what cli may import \(shared, core, app, batch, waker\)/,
  );
  assert.match(
    lint('electron/main/x.ts', "import { a } from '../node/platform/a';")[0] ?? '',
    /the node layer is not among what main may import/,
  );
  assert.match(
    lint('electron/node/x.ts', "import type { App } from '../app/create-app';")[0] ?? '',
    /the app layer is not among what node may import/,
  );
});

test('allowed: zod in shared, dockerode and fs in node, electron and the app in main, shared from the renderer', () => {
  assert.deepEqual(lint('electron/shared/x.ts', "import { z } from 'zod';"), []);
  assert.deepEqual(
    lint(
      'electron/node/x.ts',
      "import D from 'dockerode';\nimport { readFile } from 'node:fs/promises';",
    ),
    [],
  );
  assert.deepEqual(
    lint('electron/main/x.ts', "import { app } from 'electron';\nimport { a } from '../app/a';"),
    [],
  );
  assert.deepEqual(lint('renderer/src/x.tsx', "import { a } from '../../electron/shared/a';"), []);
});
