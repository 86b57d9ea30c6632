// What the nvidia-smi stand-in does for one invocation, independent of how it runs: the binary
// (nvidia-smi-standin.ts) drives it with the real process and clock; unit tests drive it on a fake
// clock through an in-process spawner, so the reader's timing rules are tested without racing a
// child's start-up.
import {
  aliases,
  frameAt,
  headerLine,
  parseNvsmiArgs,
  renderFrame,
  type Scenario,
  type ScenarioFrame,
  unitsFromHeader,
} from './nvsmi-render';

export interface NvsmiHost {
  write(text: string): void;
  exit(code: number): void;
  setTimeout(fn: () => void, ms: number): void;
  now(): Date;
  /** A recorded fixture's payload, by file name (test/fixtures/nvidia-smi). */
  payload(file: string): string;
  /** Live additions to the first card (the vLLM stand-ins' ledger): read at every frame. */
  live?(): { memoryMiB: number; watts: number } | null;
}

/** The frame with the live ledger added to the first card's memory and power. */
const withLive = (frame: ScenarioFrame, host: NvsmiHost): ScenarioFrame => {
  const add = host.live?.();
  const first = frame.gpus[0];
  if (!add || !first || first.lost) return frame;
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  const gpu = {
    ...first,
    'memory.used': num(first['memory.used']) + add.memoryMiB,
    'power.draw': Math.round((num(first['power.draw']) + add.watts) * 100) / 100,
  };
  return { ...frame, gpus: [gpu, ...frame.gpus.slice(1)] };
};

/** The valid --query-gpu names: the all-fields capture's header, units stripped, plus aliases. */
const validFields = (header: string, legacy: boolean): Set<string> => {
  const names = header.split(',').map((h) => h.trim().replace(/\s*\[.*\]$/, ''));
  const throttle = names
    .filter((n) => n.startsWith('clocks_event_reasons.'))
    .map((n) => n.replace('clocks_event_reasons.', 'clocks_throttle_reasons.'));
  // A driver from before the clocks_event_reasons rename knows only the old names.
  if (legacy)
    return new Set([
      ...names.filter((n) => !n.startsWith('clocks_event_reasons')),
      ...Object.keys(aliases),
      ...throttle,
    ]);
  return new Set([...names, ...Object.keys(aliases), ...throttle]);
};

const noDriver =
  "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.";

/**
 * Plays one nvidia-smi run: argv and the scenario (null: no driver) to lines and an exit code.
 * Real nvidia-smi exits 15 (NVML_ERROR_GPU_IS_LOST) after printing a "GPU is lost" line, also for
 * `-q -x` when a card is already gone at start.
 */
export const playNvsmi = (
  argv: readonly string[],
  scenario: Scenario | null,
  host: NvsmiHost,
  legacy = false,
): void => {
  const out = (line: string) => host.write(`${line}\n`);
  const args = parseNvsmiArgs(argv);
  if ('error' in args) {
    out(args.error);
    host.exit(2);
    return;
  }
  if (!scenario) {
    out(noDriver);
    host.exit(9);
    return;
  }
  const header =
    host.payload('nvsmi-querygpu-allfields-rtx4080super-idle.csv.txt').split('\n')[0] ?? '';
  const units = unitsFromHeader(header);
  if (args.xml) {
    const first = frameAt(scenario, 0);
    const lostAtStart = first !== 'exit' && first !== 'hang' && first.gpus.some((g) => g.lost);
    if (lostAtStart) {
      const { lines } = renderFrame(
        scenario,
        first,
        { ...args, fields: ['index'] },
        host.now(),
        units,
      );
      for (const l of lines.filter((x) => x.includes('GPU is lost'))) out(l);
      host.exit(15);
      return;
    }
    host.write(host.payload(scenario.xml ?? 'nvsmi-qx-rtx3090-v13-fan0-idle.xml.txt'));
    host.exit(0);
    return;
  }
  const bad = args.fields.find((f) => !validFields(header, legacy).has(f));
  if (bad) {
    out(`Field "${bad}" is not a valid field to query.`);
    host.exit(2);
    return;
  }
  if (args.header) out(headerLine(args.fields, units));
  let n = 0;
  const tick = (): void => {
    const raw = scenario.raw?.[String(n)];
    const frame = frameAt(scenario, n++);
    if (frame === 'exit') return host.exit(0);
    // 'hang': stays alive and prints nothing, like a wedged driver.
    if (frame === 'hang') return;
    if (raw !== undefined) host.write(raw);
    else {
      const { lines, lost } = renderFrame(scenario, withLive(frame, host), args, host.now(), units);
      for (const l of lines) out(l);
      if (lost) return host.exit(15);
    }
    if (args.loopMs === null) return host.exit(0);
    host.setTimeout(tick, args.loopMs);
  };
  tick();
};
