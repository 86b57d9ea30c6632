// npm run bench: timings as ratios against a baseline measured in the same run (never pass/fail).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/fixtures';
import { benchGpuReaderCpu } from './gpu-reader-cpu';
import { benchKeysScale } from './keys-scale';
import { benchMonitorIdle } from './monitor-idle';
import { benchStackLatency } from './stack-latency';

const ms = (v: number) => `${v.toFixed(0)} ms`;
const out = join(repoRoot, 'test', '.artifacts');
mkdirSync(out, { recursive: true });

const keys = await benchKeysScale();
console.log(`\n${keys.keys} keys, ${keys.spendLogs} spend logs from the LiteLLM stand-in`);
console.log(
  `  fetch pages + logs only (baseline)  ${ms(keys.baseline.ms)}  peak RSS ${keys.baseline.peakRssMiB.toFixed(0)} MiB`,
);
console.log(
  `  hagw usage (list + aggregate)       ${ms(keys.usage.ms)}  peak RSS ${keys.usage.peakRssMiB.toFixed(0)} MiB  (${keys.usage.rows} rows)`,
);
console.log(`  usage / baseline: x${(keys.usage.ms / keys.baseline.ms).toFixed(1)}`);
writeFileSync(join(out, 'bench-keys.json'), `${JSON.stringify(keys, null, 2)}\n`);

const gpu = await benchGpuReaderCpu();
console.log(
  `\nGPU reading, CPU per minute at ${gpu.intervalMs} ms intervals over ${gpu.seconds} s (same nvidia-smi stand-in)`,
);
console.log(
  `  streaming reader (one -lms child)      ${ms(gpu.stream.cpuMsPerMinute)}/min  (${gpu.stream.readings} readings)`,
);
console.log(
  `  systeminformation.graphics() per tick  ${ms(gpu.systeminformation.cpuMsPerMinute)}/min  (${gpu.systeminformation.readings} readings)`,
);
console.log(
  `  graphics() / stream: x${(gpu.systeminformation.cpuMsPerMinute / gpu.stream.cpuMsPerMinute).toFixed(1)}`,
);
writeFileSync(join(out, 'bench-gpu.json'), `${JSON.stringify(gpu, null, 2)}\n`);

const stack = await benchStackLatency();
console.log(`\nContainer death -> StackState, ${stack.kills} kills each`);
console.log(
  `  Docker events (app)          p50 ${ms(stack.events.p50)}  p95 ${ms(stack.events.p95)}  max ${ms(stack.events.max)}`,
);
console.log(
  `  hagw status --json after kill p50 ${ms(stack.cliAfterKill.p50)}  p95 ${ms(stack.cliAfterKill.p95)}  (n=${stack.cliAfterKill.n})`,
);
console.log(
  `  docker-compose ps every 5 s  p50 ${ms(stack.composePsEvery5s.p50)}  p95 ${ms(stack.composePsEvery5s.p95)}`,
);
console.log(
  `  polling / events: p50 x${(stack.composePsEvery5s.p50 / stack.events.p50).toFixed(0)}, p95 x${(stack.composePsEvery5s.p95 / stack.events.p95).toFixed(0)}`,
);
writeFileSync(join(out, 'bench-stack.json'), `${JSON.stringify(stack, null, 2)}\n`);

const mon = await benchMonitorIdle();
console.log(`\nhagw monitor at rest for ${mon.seconds} s against the stand-ins`);
console.log(
  `  hagw monitor          CPU ${mon.monitor.cpuPercent.toFixed(2)} % of a core  peak RSS ${mon.monitor.peakRssMiB.toFixed(0)} MiB  (SIGTERM to exit: ${ms(mon.stopMs)})`,
);
console.log(
  `  as the systemd unit   CPU ${mon.asUnit.cpuPercent.toFixed(2)} % of a core  peak RSS ${mon.asUnit.peakRssMiB.toFixed(0)} MiB  (node ${mon.asUnit.nodeFlags})`,
);
console.log(
  `  bare node (baseline)  CPU ${mon.baseline.cpuPercent.toFixed(2)} % of a core  peak RSS ${mon.baseline.peakRssMiB.toFixed(0)} MiB`,
);
console.log(
  `  nvidia-smi stand-in (not the monitor's cost) CPU ${mon.nvidiaSmiStandin.cpuPercent.toFixed(2)} %`,
);
writeFileSync(join(out, 'bench-monitor.json'), `${JSON.stringify(mon, null, 2)}\n`);
