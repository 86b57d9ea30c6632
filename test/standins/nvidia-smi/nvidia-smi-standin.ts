// An nvidia-smi stand-in for machines without an NVIDIA GPU. Honours the real argv
// (--query-gpu=<fields> --format=csv[,noheader][,nounits] [-lms N | -l N], -q -x), accepts exactly
// the fields of the recorded all-fields capture (plus nvidia-smi's aliases), and replays a
// scenario file: NVSMI_STANDIN_SCENARIO=<path to test/standins/scenarios/*.json>.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  unitsFromHeader,
  aliases,
  frameAt,
  headerLine,
  parseNvsmiArgs,
  renderFrame,
  type Scenario,
} from './nvsmi-render';

const fixturesDir =
  process.env.NVSMI_STANDIN_FIXTURES ??
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'nvidia-smi');

const payload = (file: string): string => {
  const text = readFileSync(join(fixturesDir, file), 'utf8');
  const marker = '#---- verbatim payload below ----\n';
  const at = text.indexOf(marker);
  return at >= 0 ? text.slice(at + marker.length) : text;
};

/** The valid --query-gpu names: the all-fields capture's header, units stripped, plus aliases. */
const captureHeader = (): string =>
  payload('nvsmi-querygpu-allfields-rtx4080super-idle.csv.txt').split('\n')[0] ?? '';

const validFields = (header: string): Set<string> => {
  const names = header.split(',').map((h) => h.trim().replace(/\s*\[.*\]$/, ''));
  const throttle = names
    .filter((n) => n.startsWith('clocks_event_reasons.'))
    .map((n) => n.replace('clocks_event_reasons.', 'clocks_throttle_reasons.'));
  // NVSMI_STANDIN_LEGACY=1: a driver from before the clocks_event_reasons rename knows only the old names.
  if (process.env.NVSMI_STANDIN_LEGACY === '1')
    return new Set([
      ...names.filter((n) => !n.startsWith('clocks_event_reasons')),
      ...Object.keys(aliases),
      ...throttle,
    ]);
  return new Set([...names, ...Object.keys(aliases), ...throttle]);
};

const out = (line: string) => process.stdout.write(`${line}\n`);

const main = (): void => {
  const args = parseNvsmiArgs(process.argv.slice(2));
  if ('error' in args) {
    out(args.error);
    process.exit(2);
  }
  const scenarioPath = process.env.NVSMI_STANDIN_SCENARIO;
  if (!scenarioPath) {
    out(
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.",
    );
    process.exit(9);
  }
  const scenario = JSON.parse(readFileSync(scenarioPath, 'utf8')) as Scenario;
  if (args.xml) {
    process.stdout.write(payload(scenario.xml ?? 'nvsmi-qx-rtx3090-v13-fan0-idle.xml.txt'));
    return;
  }
  const header = captureHeader();
  const units = unitsFromHeader(header);
  const valid = validFields(header);
  const bad = args.fields.find((f) => !valid.has(f));
  if (bad) {
    out(`Field "${bad}" is not a valid field to query.`);
    process.exit(2);
  }
  if (args.header) out(headerLine(args.fields, units));
  let n = 0;
  const tick = (): void => {
    const raw = scenario.raw?.[String(n)];
    const frame = frameAt(scenario, n++);
    if (frame === 'exit') process.exit(0);
    if (frame === 'hang') {
      // Stays alive and prints nothing, like a wedged driver: keep the event loop busy forever.
      setInterval(() => undefined, 1 << 30);
      return;
    }
    if (raw !== undefined) process.stdout.write(raw);
    else {
      const { lines, lost } = renderFrame(scenario, frame, args, new Date(), units);
      for (const l of lines) out(l);
      // Real nvidia-smi exits 15 (NVML_ERROR_GPU_IS_LOST) after printing the lost line.
      if (lost) process.exit(15);
    }
    if (args.loopMs === null) process.exit(0);
    setTimeout(tick, args.loopMs);
  };
  tick();
};

main();
