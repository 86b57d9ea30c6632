// The pure part of the nvidia-smi stand-in: argv -> what to print, from a scenario. Field names,
// aliases and units are the ones real nvidia-smi uses (test/fixtures/nvidia-smi: the all-fields
// capture's header and --help-query-gpu).

export type FieldValue = number | string;

export interface ScenarioGpu {
  /** Static fields (name, pci.bus_id, power.limit, memory.total, ...). */
  [field: string]: FieldValue;
}

export interface ScenarioFrame {
  /** Per GPU, by position: dynamic fields, or {"lost": true} for a fallen-off card. */
  gpus: ({ lost?: boolean } & Record<string, FieldValue | boolean>)[];
  /** Emit this frame this many times (default 1). */
  repeat?: number;
}

export interface Scenario {
  description: string;
  /** Fixture file (test/fixtures/nvidia-smi) printed for `-q -x`. */
  xml?: string;
  gpus: ScenarioGpu[];
  frames: ScenarioFrame[];
  /** After the last frame: hold it, loop, exit, or hang (print nothing, stay alive). */
  end?: 'hold' | 'loop' | 'exit' | 'hang';
  /** Garbage printed instead of a frame, by frame number (parser robustness scenarios). */
  raw?: Record<string, string>;
}

/** Aliases nvidia-smi accepts, to the canonical name it prints in the CSV header. */
export const aliases: Record<string, string> = {
  gpu_name: 'name',
  gpu_bus_id: 'pci.bus_id',
  'clocks.gr': 'clocks.current.graphics',
  'clocks.sm': 'clocks.current.sm',
  'clocks.mem': 'clocks.current.memory',
  'clocks.video': 'clocks.current.video',
  'gpu.power.requested_limit': 'power.limit',
};

const canonical = (field: string): string =>
  aliases[field] ?? field.replace(/^clocks_throttle_reasons\./, 'clocks_event_reasons.');

/** field -> unit, read from the all-fields capture's header ("fan.speed [%]", "power.draw [W]"). */
export type UnitMap = ReadonlyMap<string, string>;

export const unitsFromHeader = (header: string): UnitMap =>
  new Map(
    header.split(', ').flatMap((h) => {
      const m = /^(.+?) \[(.+)\]$/.exec(h.trim());
      return m ? [[m[1]!, m[2]!] as [string, string]] : [];
    }),
  );

const unitOf = (field: string, units: UnitMap): string | null =>
  units.get(canonical(field)) ?? null;

export interface NvsmiArgs {
  fields: string[];
  header: boolean;
  units: boolean;
  loopMs: number | null;
  xml: boolean;
}

export const parseNvsmiArgs = (argv: readonly string[]): NvsmiArgs | { error: string } => {
  const out: NvsmiArgs = { fields: [], header: true, units: true, loopMs: null, xml: false };
  let q = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => argv[++i];
    if (a.startsWith('--query-gpu='))
      out.fields = a
        .slice(12)
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
    else if (a === '--query-gpu')
      out.fields = (next() ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
    else if (a.startsWith('--format=')) {
      const opts = a.slice(9).split(',');
      if (!opts.includes('csv')) return { error: `Invalid format "${a.slice(9)}".` };
      out.header = !opts.includes('noheader');
      out.units = !opts.includes('nounits');
    } else if (a === '-lms' || a === '--loop-ms') out.loopMs = Number(next());
    else if (a.startsWith('--loop-ms=')) out.loopMs = Number(a.slice(10));
    else if (a === '-l' || a === '--loop') out.loopMs = Number(next()) * 1000;
    else if (a.startsWith('--loop=')) out.loopMs = Number(a.slice(7)) * 1000;
    else if (a === '-q' || a === '--query') q = true;
    else if (a === '-x' || a === '--xml-format') out.xml = true;
    else
      return {
        error: `Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.`,
      };
  }
  if (out.xml && !q) return { error: 'XML format requires -q.' };
  if (!out.xml && out.fields.length === 0) return { error: 'No query fields given.' };
  if (out.loopMs !== null && (!Number.isFinite(out.loopMs) || out.loopMs <= 0))
    return { error: 'Invalid loop interval.' };
  return out;
};

export const timestampNow = (d: Date): string => {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
};

const isToken = (v: FieldValue): boolean =>
  typeof v === 'string' && (/^\[.*\]$/.test(v) || v === 'N/A' || v === 'ERR!');

const formatValue = (field: string, v: FieldValue, units: boolean, map: UnitMap): string => {
  const unit = unitOf(field, map);
  if (isToken(v) || !units || unit === null) return String(v);
  const n = typeof v === 'number' && unit === 'W' ? v.toFixed(2) : String(v);
  return `${n} ${unit}`;
};

/** nvidia-smi keeps the unit in the header even with nounits; only the values lose it. */
export const headerLine = (fields: readonly string[], map: UnitMap): string =>
  fields
    .map((f) => {
      const c = canonical(f);
      const u = unitOf(f, map);
      return u ? `${c} [${u}]` : c;
    })
    .join(', ');

/** One frame: a CSV row per GPU, or the "GPU is lost" line for a card that fell off the bus. */
export const renderFrame = (
  s: Scenario,
  frame: ScenarioFrame,
  a: NvsmiArgs,
  now: Date,
  map: UnitMap,
): { lines: string[]; lost: boolean } => {
  const lines: string[] = [];
  let lost = false;
  s.gpus.forEach((gpu, i) => {
    const dyn = frame.gpus[i] ?? {};
    if (dyn.lost === true) {
      lost = true;
      lines.push(
        `Unable to determine the device handle for GPU${String(gpu['pci.bus_id'] ?? '0000:01:00.0').replace(/^0000/, '')}: GPU is lost. Reboot the system to recover this GPU`,
      );
      return;
    }
    const row = a.fields.map((f) => {
      const c = canonical(f);
      if (c === 'timestamp') return timestampNow(now);
      if (c === 'index') return String(gpu.index ?? i);
      if (c === 'count') return String(s.gpus.length);
      const v = (dyn[c] as FieldValue | undefined) ?? gpu[c] ?? '[N/A]';
      return formatValue(c, v, a.units, map);
    });
    lines.push(row.join(', '));
  });
  return { lines, lost };
};

/** Which scenario frame the n-th emission shows, honouring `repeat` and `end`. */
export const frameAt = (s: Scenario, n: number): ScenarioFrame | 'exit' | 'hang' => {
  const expanded: ScenarioFrame[] = s.frames.flatMap((f) =>
    Array.from({ length: f.repeat ?? 1 }, () => f),
  );
  if (expanded.length === 0) return 'exit';
  if (n < expanded.length) return expanded[n]!;
  switch (s.end ?? 'hold') {
    case 'loop':
      return expanded[n % expanded.length]!;
    case 'exit':
      return 'exit';
    case 'hang':
      return 'hang';
    default:
      return expanded[expanded.length - 1]!;
  }
};
