import { mkdir, rmdir, stat } from 'node:fs/promises';

/**
 * A short cross-process mutex (the app and a CLI run may both write a shared file): mkdir is
 * atomic. A lock older than `staleMs` belonged to a process that died and is broken.
 */
export const withFileMutex = async <T>(
  lockDir: string,
  fn: () => Promise<T>,
  o: { waitMs?: number; staleMs?: number } = {},
): Promise<T> => {
  const deadline = Date.now() + (o.waitMs ?? 5000);
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(lockDir).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      // A lock dated in the future (a clock set back, a crafted folder) is stale too: otherwise
      // it would never age.
      if (Math.abs(age) > (o.staleMs ?? 10_000)) await rmdir(lockDir).catch(() => undefined);
      else if (Date.now() > deadline)
        throw new Error(`${lockDir} is held by another process; try again.`, { cause: e });
      else await new Promise((r) => setTimeout(r, 20));
    }
  }
  try {
    return await fn();
  } finally {
    // A lock folder that cannot go stays until it is stale (10 s), and the next taker removes it:
    // only a wait, never a lost write, so the error is the next waiter's to meet, not ours.
    await rmdir(lockDir).catch(() => undefined);
  }
};
