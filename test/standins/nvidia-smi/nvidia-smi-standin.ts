// An nvidia-smi stand-in for machines without an NVIDIA GPU. Honours the real argv
// (--query-gpu=<fields> --format=csv[,noheader][,nounits] [-lms N | -l N], -q -x), accepts exactly
// the fields of the recorded all-fields capture (plus nvidia-smi's aliases), and replays a
// scenario file: NVSMI_STANDIN_SCENARIO=<path to test/standins/scenarios/*.json>.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePayload } from './fixture-payload';
import { playNvsmi } from './nvsmi-player';
import type { Scenario } from './nvsmi-render';

const fixturesDir =
  process.env.NVSMI_STANDIN_FIXTURES ??
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'nvidia-smi');

const scenarioPath = process.env.NVSMI_STANDIN_SCENARIO;
// A card that fell off the bus stays off until the host reboots, as on real hardware: with
// NVSMI_STANDIN_LOST_MARKER set, a run that prints "GPU is lost" leaves that file, and every later
// run plays the card as lost at start. A test "reboots" by deleting the file.
const lostMarker = process.env.NVSMI_STANDIN_LOST_MARKER;
const loadScenario = (): Scenario | null => {
  if (!scenarioPath) return null;
  const s = JSON.parse(readFileSync(scenarioPath, 'utf8')) as Scenario;
  if (!lostMarker || !existsSync(lostMarker)) return s;
  return { ...s, frames: [{ gpus: s.gpus.map(() => ({ lost: true })) }], end: 'hold' };
};
// NVSMI_STANDIN_LEDGER: the folder where vLLM stand-ins write what they hold (vllm-sleep.ts); the
// first card's memory.used and power.draw add it up, so readings follow sleeps and wakes.
const ledgerDir = process.env.NVSMI_STANDIN_LEDGER;
const live = (): { memoryMiB: number; watts: number } | null => {
  if (!ledgerDir || !existsSync(ledgerDir)) return null;
  let memoryMiB = 0;
  let watts = 0;
  for (const f of readdirSync(ledgerDir).filter((n) => n.endsWith('.json'))) {
    try {
      const e = JSON.parse(readFileSync(join(ledgerDir, f), 'utf8')) as Record<string, unknown>;
      memoryMiB += Number(e.memoryMiB) || 0;
      watts += Number(e.residentW) || 0;
    } catch {
      // a file being written: the next frame reads it
    }
  }
  return { memoryMiB, watts };
};
// --query-compute-apps: the processes on the card, from NVSMI_STANDIN_APPS (a JSON file of
// [{"pid","name","usedMiB"}], read at each run), in the real field names and CSV layout; none:
// no line (real nvidia-smi prints only the header, and nothing with noheader).
const appsQuery = process.argv.slice(2).find((a) => a.startsWith('--query-compute-apps='));
if (appsQuery) {
  const fields = appsQuery.slice('--query-compute-apps='.length).split(',');
  const known: Record<string, (a: { pid: number; name: string; usedMiB: number }) => string> = {
    pid: (a) => String(a.pid),
    process_name: (a) => a.name,
    name: (a) => a.name,
    used_memory: (a) => String(a.usedMiB),
    used_gpu_memory: (a) => String(a.usedMiB),
    gpu_uuid: () => 'GPU-00000000-0000-0000-0000-000000000000',
  };
  const bad = fields.find((f) => !(f in known));
  if (bad) {
    process.stdout.write(`Field "${bad}" is not a valid field to query.\n`);
    process.exit(2);
  }
  const file = process.env.NVSMI_STANDIN_APPS;
  const apps =
    file && existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { pid: number; name: string; usedMiB: number }[])
      : [];
  for (const a of apps) process.stdout.write(`${fields.map((f) => known[f]!(a)).join(', ')}\n`);
  process.exit(0);
}
// Alive until the scenario exits: one that ends in 'hang' stays up printing nothing, like a wedged
// driver. Pipes to stdout are synchronous on Linux, so exiting right after a write loses nothing.
setInterval(() => undefined, 1 << 30);
playNvsmi(
  process.argv.slice(2),
  loadScenario(),
  {
    write: (t) => {
      if (lostMarker && t.includes('GPU is lost')) writeFileSync(lostMarker, 'lost\n');
      process.stdout.write(t);
    },
    exit: (code) => process.exit(code),
    setTimeout: (fn, ms) => void setTimeout(fn, ms),
    now: () => new Date(),
    payload: (file) => fixturePayload(fixturesDir, file),
    live,
  },
  process.env.NVSMI_STANDIN_LEGACY === '1',
);
