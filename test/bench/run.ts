// npm run bench: timings as ratios against a baseline measured in the same run (never pass/fail).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/fixtures';
import { benchStackLatency } from './stack-latency';

const ms = (v: number) => `${v.toFixed(0)} ms`;
const out = join(repoRoot, 'test', '.artifacts');
mkdirSync(out, { recursive: true });

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
