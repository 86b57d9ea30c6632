import { readFileSync } from 'node:fs';

/**
 * When a process of this host started, as the kernel counts it (field 22 of /proc/<pid>/stat):
 * with the pid it names one process, so a pid reused by another program is told apart. null
 * where /proc is not there (macOS, Windows) or the process is gone.
 */
export const processStart = (pid: number): string | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
};

/** Whether a process of this host still runs: signal 0 checks without signalling. */
export const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};
