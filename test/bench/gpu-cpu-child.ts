// One bench subject in its own process: the streaming reader, systeminformation.graphics()
// called at the same interval, or `nvidia-smi --query-gpu` spawned once per tick (what most
// exporters and status bars do). Prints the process's CPU time including its reaped children
// (/proc/self/stat utime+stime+cutime+cstime), so nvidia-smi's own cost is counted for both.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import si from 'systeminformation';
import type { ChildSpawner } from '../../electron/core/ports';
import { nodeChildSpawner } from '../../electron/node/platform/node-child-spawner';
import { gpuQueryFields } from '../../electron/core/nvsmi-line';
import { NvidiaSmiStream } from '../../electron/node/gpu/nvidia-smi-stream';
import { systemClock, systemTimers } from '../../electron/node/platform/system-clock';

const [mode = 'stream', secondsArg = '30', intervalArg = '1000', executable = 'nvidia-smi'] =
  process.argv.slice(2);
const seconds = Number(secondsArg);
const intervalMs = Number(intervalArg);

const cpuMs = (): number => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 3, so utime..cstime (14..17) are indexes 11..14 here.
  const ticks = [11, 12, 13, 14].reduce((a, i) => a + Number(fields[i]), 0);
  return (ticks * 1000) / 100;
};

const run = async (): Promise<{ readings: number }> => {
  let readings = 0;
  if (mode === 'stream') {
    let reaped: () => void = () => undefined;
    const exited = new Promise<void>((r) => (reaped = r));
    // The real spawner, told to let us know when the child has been reaped.
    const spawner: ChildSpawner = {
      spawn: (file, args, env, events) =>
        nodeChildSpawner.spawn(file, args, env, {
          ...events,
          exit: (code, signal) => {
            events.exit(code, signal);
            reaped();
          },
        }),
    };
    const s = new NvidiaSmiStream({
      executable,
      intervalMs,
      clock: systemClock,
      timers: systemTimers,
      spawner,
      onBatch: () => readings++,
      onProblem: () => undefined,
    }).start();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    s.dispose();
    // Wait for the child to be reaped so its CPU time lands in cutime/cstime.
    await exited;
  } else if (mode === 'spawn') {
    const end = Date.now() + seconds * 1000;
    const query = [`--query-gpu=${gpuQueryFields.join(',')}`, '--format=csv,noheader,nounits'];
    while (Date.now() < end) {
      await promisify(execFile)(executable, query);
      readings++;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  } else {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      // No NVIDIA card here, so no controller to count: count the calls, each runs lspci + nvidia-smi.
      await si.graphics();
      readings++;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
  return { readings };
};

const before = cpuMs();
const { readings } = await run();
process.stdout.write(
  `${JSON.stringify({ mode, seconds, intervalMs, readings, cpuMs: cpuMs() - before })}\n`,
);
