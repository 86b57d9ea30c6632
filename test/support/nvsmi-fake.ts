// The nvidia-smi stand-in played in-process on a fake clock: a ChildSpawner for the stream and a
// ProcessRunner for `-q -x`, both running the same player as the stand-in binary. Tests of the
// reader's timing (watchdog, backoff, batching) then depend on the fake clock alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildSpawner, ProcessRunner } from '../../electron/core/ports';
import { playNvsmi } from '../standins/nvidia-smi/nvsmi-player';
import type { Scenario } from '../standins/nvidia-smi/nvsmi-render';
import { fixturePayload } from '../standins/nvidia-smi/fixture-payload';
import type { FakeTime } from './fake-timers';
import { repoRoot } from './fixtures';

const fixturesDir = join(repoRoot, 'test', 'fixtures', 'nvidia-smi');

export const loadScenario = (name: string): Scenario =>
  JSON.parse(
    readFileSync(join(repoRoot, 'test', 'standins', 'scenarios', `${name}.json`), 'utf8'),
  ) as Scenario;

export interface FakeNvsmi {
  spawner: ChildSpawner;
  runner: ProcessRunner;
  /** Every argv the spawner was asked to start, in order. */
  spawned: string[][];
  kills: number;
}

export const fakeNvsmi = (
  time: FakeTime,
  scenario: Scenario | null,
  o: { legacy?: boolean; missing?: boolean } = {},
): FakeNvsmi => {
  const fake: FakeNvsmi = {
    spawned: [],
    kills: 0,
    spawner: {
      spawn: (_file, args, _env, events) => {
        fake.spawned.push([...args]);
        let alive = true;
        // Like a real child: nothing is reported from inside spawn().
        time.setTimeout(() => {
          if (o.missing) {
            alive = false;
            events.error('ENOENT', 'spawn nvidia-smi ENOENT');
            return;
          }
          playNvsmi(
            args,
            scenario,
            {
              write: (t) => alive && events.stdout(t),
              exit: (code) => {
                if (!alive) return;
                alive = false;
                events.exit(code, null);
              },
              // A killed child's pending ticks do nothing: `alive` guards them.
              setTimeout: (fn, ms) => {
                time.setTimeout(() => alive && fn(), ms);
              },
              now: () => new Date(time.now()),
              payload: (file) => fixturePayload(fixturesDir, file),
            },
            o.legacy ?? false,
          );
        }, 0);
        return {
          kill: () => {
            fake.kills++;
            if (!alive) return;
            alive = false;
            time.setTimeout(() => events.exit(null, 'SIGKILL'), 0);
          },
        };
      },
    },
    runner: {
      run: (_file, args) =>
        new Promise((resolve) => {
          if (o.missing) {
            resolve({ code: 127, stdout: '', stderr: 'ENOENT', timedOut: false });
            return;
          }
          let stdout = '';
          playNvsmi(
            args,
            scenario,
            {
              write: (t) => (stdout += t),
              exit: (code) => resolve({ code, stdout, stderr: '', timedOut: false }),
              setTimeout: () => undefined,
              now: () => new Date(time.now()),
              payload: (file) => fixturePayload(fixturesDir, file),
            },
            o.legacy ?? false,
          );
        }),
    },
  };
  return fake;
};
