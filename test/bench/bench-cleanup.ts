// An interrupted bench leaves nothing running: every process it started, at any depth (monitors,
// stand-ins, Caddy, nvidia-smi children), gets SIGTERM; with-stack.sh's trap then tears the stack
// and dockerd down.
import { readdirSync, readFileSync } from 'node:fs';

/** Every process whose parent chain leads to `pid`, read from /proc. */
export const descendants = (pid: number): number[] => {
  const kids = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [...kids, ...kids.flatMap(descendants)];
};

export const stopDescendants = (): number => {
  const pids = descendants(process.pid);
  for (const p of pids) {
    try {
      process.kill(p, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  return pids.length;
};

export const stopOnInterrupt = (say: (line: string) => void): void => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      const n = stopDescendants();
      say(`\nbench: interrupted (${signal}); stopped ${n} process(es) it had started.`);
      process.exit(130);
    });
};
