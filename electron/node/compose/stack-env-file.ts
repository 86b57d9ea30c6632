import { chmod, copyFile, lstat, realpath } from 'node:fs/promises';
import { readFileIfExists, writeFileAtomic } from '../storage/atomic-file';
import { setDotenvValues } from './dotenv-file';

/**
 * Sets keys in the stack's .env (a secrets file): the previous file is kept as a 0600 backup, the
 * new one is written atomically at 0600, comments and untouched lines stay as they were.
 */
export const updateStackEnv = async (
  envFile: string,
  values: Record<string, string>,
  now: Date,
  headerForNewFile = '',
): Promise<{ backup: string | null }> => {
  // A .env that is a symlink (kept in a dotfiles repo, say) is written through, never replaced.
  const isLink = await lstat(envFile).then(
    (st) => st.isSymbolicLink(),
    () => false,
  );
  const target = isLink ? await realpath(envFile) : envFile;
  const before = await readFileIfExists(target);
  let backup: string | null = null;
  if (before !== null) {
    backup = `${envFile}.bak-${now.toISOString().replace(/[:.]/g, '-')}`;
    await copyFile(target, backup);
    await chmod(backup, 0o600);
  }
  await writeFileAtomic(target, setDotenvValues(before ?? headerForNewFile, values), 0o600);
  return { backup };
};
