// One table and one results file for `npm run bench`: every row is our figure next to a baseline
// measured in the same run, as a ratio (the baseline's cost over ours: bigger is better).
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/fixtures';

export interface BenchRow {
  name: string;
  figure: number;
  unit: string;
  /** What the row is compared with. */
  baseline: string;
  baselineFigure: number;
  /** baselineFigure / figure for costs (time, CPU, memory); figure / baselineFigure for rates. */
  ratio: number;
  goal: string | null;
  /** The spread of `figure`: max - min over the repetitions, in `unit`. */
  spread: number;
}

export interface BenchResults {
  machine: { cpus: number; memory: string; node: string; when: string };
  /** How many repetitions each repeated row took the median of. */
  repetitions: number;
  quick: boolean;
  rows: BenchRow[];
}

export const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const round = (v: number) => (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100);

/**
 * A row from repeated measurements of ours and of the baseline: the medians, and the spread of
 * ours. `rate` rows (requests per second) are better when bigger, so their ratio is ours over theirs.
 */
export const row = (
  o: Omit<BenchRow, 'figure' | 'baselineFigure' | 'ratio' | 'spread'> & {
    ours: readonly number[];
    theirs: readonly number[];
    rate?: boolean;
  },
): BenchRow => {
  if (o.ours.length === 0 || o.theirs.length === 0)
    throw new Error(`bench: no samples for "${o.name}"`);
  const figure = median(o.ours);
  const baselineFigure = median(o.theirs);
  return {
    name: o.name,
    figure: round(figure),
    unit: o.unit,
    baseline: o.baseline,
    baselineFigure: round(baselineFigure),
    ratio: round(o.rate ? figure / baselineFigure : baselineFigure / figure),
    goal: o.goal,
    spread: round(Math.max(...o.ours) - Math.min(...o.ours)),
  };
};

export const machine = (): BenchResults['machine'] => ({
  cpus: cpus().length,
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  when: new Date().toISOString(),
});

export const formatTable = (rows: readonly BenchRow[]): string => {
  const cells = [
    ['row', 'figure', 'baseline', 'ratio', 'goal', 'spread'],
    ...rows.map((r) => [
      r.name,
      `${r.figure} ${r.unit}`,
      `${r.baselineFigure} ${r.unit} (${r.baseline})`,
      `x${r.ratio}`,
      r.goal ?? '—',
      `±${round(r.spread / 2)} ${r.unit}`,
    ]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  return cells
    .map((c) =>
      c
        .map((v, i) => v.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

/** The README's Measured table, in Markdown, from the results file. */
export const markdownTable = (r: BenchResults): string =>
  [
    `Measured by \`npm run bench\`${r.quick ? ' -- --quick' : ''} on ${r.machine.cpus} cores, ${r.machine.memory}, node ${r.machine.node}, ${r.machine.when.slice(0, 10)}; each figure the median of at least ${r.repetitions} repetitions (± half their spread), the ratio the baseline's cost over ours (bigger is better).`,
    '',
    '| what | ours | baseline | ratio | goal |',
    '|---|---|---|---|---|',
    ...r.rows.map(
      (x) =>
        `| ${x.name} | ${x.figure} ${x.unit} (±${round(x.spread / 2)}) | ${x.baselineFigure} ${x.unit}: ${x.baseline} | x${x.ratio} | ${x.goal ?? '—'} |`,
    ),
  ].join('\n');

export const resultsFile = join(repoRoot, 'bench-results.json');

export const writeResults = (r: BenchResults): void =>
  writeFileSync(resultsFile, `${JSON.stringify(r, null, 2)}\n`);
