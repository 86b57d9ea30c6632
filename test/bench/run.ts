// npm run bench [-- --quick]: every row our figure next to a baseline measured in the same run, as
// a ratio; never a pass/fail on a time. One table on stdout, bench-results.json at the root.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createDocker } from '../../electron/node/docker/create-docker';
import { repoRoot } from '../support/fixtures';
import { stopOnInterrupt } from './bench-cleanup';
import {
  type BenchRow,
  formatTable,
  machine,
  median,
  resultsFile,
  row,
  writeResults,
} from './bench-results';
import { benchBatchInterference } from './batch-interference';
import { benchCliStart } from './cli-start';
import { benchGatewayPath } from './gateway-path';
import { benchGpuReaderCpu } from './gpu-reader-cpu';
import { benchKeysScale } from './keys-scale';
import { benchModelLifecycle } from './model-lifecycle';
import { benchMonitorIdle } from './monitor-idle';
import { benchStackLatency } from './stack-latency';

const quick = process.argv.includes('--quick');
/**
 * --only=cli,stack: those sections alone, for a before/after of one change; the table is printed
 * and bench-results.json (the README's figures) is left as it was.
 */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const sections = [
  'gpu',
  'gateway',
  'batch',
  'lifecycle',
  'keys',
  'monitor',
  'cli',
  'stack',
] as const;
const unknownSection = only?.find((o) => !(sections as readonly string[]).includes(o));
if (unknownSection !== undefined) {
  process.stderr.write(
    `bench: no section "${unknownSection}"; the sections are ${sections.join(', ')}.\n`,
  );
  process.exit(2);
}
const want = (s: (typeof sections)[number]) => only === undefined || only.includes(s);
interface Plan {
  reps: number;
  /** The slow sections (GPU subjects, idle windows) take fewer repetitions. */
  slowReps: number;
  gpuSeconds: number;
  kills: number;
  monitorSeconds: number;
  warmupMs: number;
  streams: number;
  requests: number;
  /** The batch running next to interactive chat, and the interactive calls measured each time. */
  batchLines: number;
  batchRequests: number;
}
const plan: Plan = quick
  ? {
      reps: 3,
      slowReps: 3,
      gpuSeconds: 2,
      kills: 3,
      monitorSeconds: 12,
      warmupMs: 6000,
      streams: 3,
      requests: 200,
      batchLines: 100,
      batchRequests: 30,
    }
  : {
      reps: 5,
      slowReps: 3,
      gpuSeconds: 20,
      kills: 20,
      monitorSeconds: 300,
      warmupMs: 15_000,
      streams: 20,
      requests: 1000,
      batchLines: 500,
      batchRequests: 90,
    };
const iqr = (samples: readonly number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return Math.round((s[Math.floor(s.length * 0.75)] ?? 0) - (s[Math.floor(s.length * 0.25)] ?? 0));
};
const say = (line: string) => process.stdout.write(`${line}\n`);

/** What the bench needs, checked first: numbers from a half-started setup are worse than none. */
const missing = async (): Promise<string[]> => {
  const has = (cmd: string) => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  const out: string[] = [];
  if (process.getuid?.() !== 0) out.push('root (it kills containers of its own dockerd)');
  if (!process.env.DOCKER_HOST) out.push('DOCKER_HOST: run it as "npm run bench" (with-stack.sh)');
  else
    await createDocker(process.env.DOCKER_HOST)
      .ping()
      .catch(() => out.push(`a Docker engine answering on ${process.env.DOCKER_HOST}`));
  for (const f of ['vllm-standin.cjs', 'litellm-standin.cjs', 'nvidia-smi-standin.cjs'])
    if (!existsSync(join(repoRoot, 'test', '.build', f)))
      out.push(`test/.build/${f} (node scripts/bundle-standins.mjs)`);
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'hagw.mjs'))) out.push('dist/ (npm run build)');
  if (!has('caddy')) out.push('caddy (apt install caddy)');
  if (!has('lspci')) out.push('lspci (apt install pciutils): graphics() runs it on a real host');
  return out;
};

const main = async () => {
  stopOnInterrupt(say);
  const gaps = await missing();
  if (gaps.length > 0) {
    process.stderr.write(`bench: not started; missing: ${gaps.join('; ')}.\n`);
    process.exit(1);
  }
  say(
    quick
      ? `bench --quick: ${plan.reps} repetitions, short windows (GPU ${plan.gpuSeconds} s, ${plan.kills} kills, idle ${plan.monitorSeconds} s): a smoke run, not the figures to quote`
      : `bench: ${plan.slowReps}-${plan.reps} repetitions (GPU ${plan.gpuSeconds} s each, ${plan.kills} kills, idle ${plan.monitorSeconds} s)`,
  );
  const rows: BenchRow[] = [];
  /** Lines said under the table (what a section measured besides its rows). */
  const notes: string[] = [];
  const started = Date.now();
  const section = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    say(`  ${what}...`);
    const r = await fn();
    say(`  ${what}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return r;
  };

  if (want('gpu')) {
    const gpu = await section('GPU reading', () =>
      benchGpuReaderCpu({ seconds: plan.gpuSeconds, reps: plan.slowReps }),
    );
    const cpu = (m: 'stream' | 'si' | 'spawn') => gpu[m].map((r) => r.cpuMsPerMinute);
    const runs = (m: 'stream' | 'si' | 'spawn') => gpu[m].map((r) => r.nvidiaSmiRuns);
    rows.push(
      row({
        name: 'GPU reading CPU, 1 s interval',
        unit: 'ms/min',
        ours: cpu('stream'),
        theirs: cpu('si'),
        baseline: 'systeminformation.graphics() every tick',
        goal: null,
      }),
      row({
        name: 'GPU reading CPU, 1 s interval',
        unit: 'ms/min',
        ours: cpu('stream'),
        theirs: cpu('spawn'),
        baseline: 'nvidia-smi --query-gpu spawned every tick',
        goal: null,
      }),
      row({
        name: 'nvidia-smi runs',
        unit: `runs in ${plan.gpuSeconds} s`,
        ours: runs('stream'),
        theirs: runs('si'),
        baseline: 'systeminformation.graphics() every tick',
        goal: null,
      }),
    );
  }

  if (want('gateway')) {
    const gateway = await section('Gateway path', () =>
      benchGatewayPath({
        reps: plan.reps,
        streams: plan.streams,
        requests: plan.requests,
        tokensPerS: Number(process.env.BENCH_TOKENS_PER_S ?? 30),
      }),
    );
    const direct = 'straight to the vLLM stand-in';
    const c = gateway.cannon;
    rows.push(
      row({
        name: `Time to first token, Caddy -> LiteLLM -> vLLM (${gateway.tokensPerS} tok/s)`,
        unit: 'ms',
        ours: gateway.ttft.ours,
        theirs: gateway.ttft.theirs,
        baseline: direct,
        goal: 'within 25 ms of direct',
      }),
      ...(['p50', 'p95'] as const).map((p) =>
        row({
          name: `Chat completion ${p}, gateway`,
          unit: 'ms',
          ours: c.map((x) => x.ours[p]),
          theirs: c.map((x) => x.theirs[p]),
          baseline: direct,
          goal: null,
        }),
      ),
      row({
        name: 'Chat completions per second, gateway (8 connections)',
        unit: 'req/s',
        ours: c.map((x) => x.ours.rps),
        theirs: c.map((x) => x.theirs.rps),
        baseline: direct,
        goal: null,
        rate: true,
      }),
    );
  }

  if (want('batch')) {
    const batch = await section('Batch next to interactive chat', () =>
      benchBatchInterference({
        reps: plan.slowReps,
        lines: plan.batchLines,
        requests: plan.batchRequests,
      }),
    );
    rows.push(
      ...(['p50', 'p95'] as const).map((p) =>
        row({
          name: `Interactive chat ${p} with a ${batch.lines}-line batch running (vLLM 4 slots)`,
          unit: 'ms',
          ours: batch.reps.map((x) => x.withBatch[p]),
          theirs: batch.reps.map((x) => x.alone[p]),
          baseline: 'the same chat with no batch',
          goal: p === 'p95' ? 'within 1.5x of no batch' : null,
        }),
      ),
    );
    notes.push(
      `the ${batch.lines}-line batch finished in ${batch.batchSeconds.map((x) => x.toFixed(0)).join(', ')} s while interactive chat ran.`,
    );
  }

  if (want('lifecycle')) {
    const life = await section('VRAM on demand', () =>
      benchModelLifecycle({ reps: plan.reps, lines: quick ? 20 : 60 }),
    );
    const resident = 'the same with every model resident';
    rows.push(
      row({
        name: 'Wake to first token, level-1 sleep (stand-in: 300 ms wake, 30 tok/s)',
        unit: 'ms',
        ours: life.wakeToFirstToken.ours,
        theirs: life.wakeToFirstToken.theirs,
        baseline: resident,
        goal: 'the wake and no more',
      }),
      row({
        name: '20 requests at once to a sleeping model: served (held while it wakes)',
        unit: 'requests',
        ours: life.held.served,
        theirs: life.held.residentServed,
        baseline: resident,
        goal: '20, none failed',
        rate: true,
      }),
      row({
        name: '20 requests alternating between two models that do not fit together',
        unit: 'ms',
        ours: life.alternate.ours,
        theirs: life.alternate.theirs,
        baseline: resident + ' (a card that fits both)',
        goal: null,
      }),
      row({
        name: 'Lines a second at 2 in flight, next to a sleeping model',
        unit: 'lines/s',
        ours: life.throughput.ours,
        theirs: life.throughput.theirs,
        baseline: resident,
        goal: null,
        rate: true,
      }),
    );
    notes.push(
      `20 requests to a sleeping model: ${life.held.heldCount.join(', ')} held, ${life.held.served.join(', ')} served and ${life.held.failed.join(', ')} failed per repetition; straight to the sleeping vLLM ${life.directFailed.join(', ')} of 20 failed and its engine died (vllm-project/vllm#15483). Alternating: ${life.alternate.wakes.join(', ')} wakes for 20 requests.`,
    );
  }

  if (want('keys')) {
    const keys = await section('Keys at scale', () => benchKeysScale(plan.reps));
    rows.push(
      row({
        name: `hagw usage over ${keys.keys} keys, ${keys.spendLogs} spend logs`,
        unit: 'ms',
        ours: keys.usage.ms,
        theirs: keys.baseline.ms,
        baseline: 'fetching the same pages and logs alone',
        goal: null,
      }),
    );
  }

  if (want('monitor')) {
    const mon = await section('Idle monitor', () =>
      benchMonitorIdle(plan.monitorSeconds, plan.slowReps, plan.warmupMs),
    );
    rows.push(
      row({
        name: `hagw monitor at rest, CPU (${plan.monitorSeconds} s)`,
        unit: '% of a core',
        ours: mon.monitor.cpuPercent,
        theirs: mon.siPolling.cpuPercent,
        baseline: 'the same monitor polling graphics() every 2 s',
        goal: 'under 0.5 %',
      }),
      row({
        name: 'hagw monitor at rest, CPU with its nvidia-smi',
        unit: '% of a core',
        ours: mon.monitor.cpuPercent.map((v, i) => v + (mon.nvidiaSmiStandin.cpuPercent[i] ?? 0)),
        theirs: mon.siPolling.withChildrenPercent,
        baseline: 'the same, with the lspci and nvidia-smi runs graphics() makes',
        goal: null,
      }),
      row({
        name: 'hagw monitor at rest, peak RSS',
        unit: 'MiB',
        ours: [mon.monitor.peakRssMiB],
        theirs: [mon.siPolling.peakRssMiB],
        baseline: 'the same monitor polling graphics() every 2 s',
        goal: 'under 120 MB',
      }),
    );
    notes.push(
      `median idle monitor CPU ${median(mon.monitor.cpuPercent).toFixed(2)} %, bare node ${median(mon.baseline.cpuPercent).toFixed(2)} %.`,
    );
  }

  if (want('cli')) {
    const cli = await section('Command start', () => benchCliStart(plan.reps * 4));
    rows.push(
      row({
        name: 'hagw --version, exec to exit, p50',
        unit: 'ms',
        ours: cli.version,
        theirs: cli.bareNode,
        baseline: 'node -e 0',
        goal: 'at most 1.5x bare node',
      }),
      row({
        name: 'hagw status --json on the running stack, p50',
        unit: 'ms',
        ours: cli.status,
        theirs: cli.bareNode,
        baseline: 'node -e 0',
        goal: 'at most 400 ms on a quiet machine',
      }),
    );
  }

  if (want('stack')) {
    const stack = await section('Stack state latency', () => benchStackLatency(plan.kills));
    // Percentiles of the kills, against polling: their spread is the kills' interquartile range.
    const polled = 'docker-compose ps every 5 s';
    rows.push(
      ...(
        [
          [
            `Container death -> stack state, p50 of ${plan.kills} kills`,
            stack.events.p50,
            stack.composePsEvery5s.p50,
            stack.samples.events,
            null,
          ],
          [
            `Container death -> stack state, p95 of ${plan.kills} kills`,
            stack.events.p95,
            stack.composePsEvery5s.p95,
            stack.samples.events,
            null,
          ],
          [
            `Docker's die event -> stack state, p50 of ${plan.kills} kills`,
            stack.afterDie.p50,
            stack.composePsEvery5s.p50,
            stack.samples.afterDie,
            'under 100 ms',
          ],
          [
            'hagw status --json started at the kill sees partial, p50',
            stack.cliAfterKill.p50,
            stack.composePsEvery5s.p50,
            stack.samples.cli,
            'within a second',
          ],
        ] as const
      ).map(([name, ours, theirs, samples, goal]) => ({
        ...row({ name, unit: 'ms', ours: [ours], theirs: [theirs], baseline: polled, goal }),
        spread: iqr(samples),
      })),
    );
  }

  if (only === undefined)
    writeResults({
      machine: machine(),
      repetitions: Math.min(plan.reps, plan.slowReps),
      quick,
      rows,
    });
  say(`\n${formatTable(rows)}`);
  for (const n of notes) say(`\n${n}`);
  say(
    only !== undefined
      ? `\n--only ${only.join(',')}: ${resultsFile} left as it was (${((Date.now() - started) / 1000).toFixed(0)} s).`
      : `\n${quick ? 'quick run: fewer repetitions and short windows; ' : ''}${resultsFile} written in ${((Date.now() - started) / 1000).toFixed(0)} s. README table: npm run bench:readme`,
  );
};

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
