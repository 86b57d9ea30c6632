import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoFreeStep, parseComputeApps } from '../../electron/core/auto-free';

const game = { pid: 4242, name: '/home/me/.steam/game.x86_64', usedMiB: 9000 };

test('a heavy foreign program frees the GPU; a light one (a compositor) does not', () => {
  assert.deepEqual(autoFreeStep({ freedFor: null }, [game], false), { do: 'free', app: game });
  assert.deepEqual(
    autoFreeStep({ freedFor: null }, [{ pid: 1, name: 'Xorg', usedMiB: 300 }], false),
    { do: 'nothing' },
  );
});

test('it resumes only once no heavy foreign program is left, and never undoes the operator', () => {
  assert.deepEqual(autoFreeStep({ freedFor: game }, [game], true), { do: 'nothing' });
  assert.deepEqual(autoFreeStep({ freedFor: game }, [], true), { do: 'resume', app: game });
  assert.deepEqual(autoFreeStep({ freedFor: null }, [game], true), { do: 'nothing' });
});

test("nvidia-smi's compute-apps CSV: names with commas, [N/A] memory, garbage skipped", () => {
  assert.deepEqual(
    parseComputeApps(
      '4242, /usr/bin/python3, 8120\n17, C:\\a,b.exe, [N/A]\nNo running processes found\n',
    ),
    [
      { pid: 4242, name: '/usr/bin/python3', usedMiB: 8120 },
      { pid: 17, name: 'C:\\a,b.exe', usedMiB: 0 },
    ],
  );
});
