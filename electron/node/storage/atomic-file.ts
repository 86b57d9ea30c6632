import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The data directory (keys, the stack's .env, channel tokens) made, or tightened back, to 0700:
 * every command that writes into it does this, not only setup, so a folder left 0777 by hand
 * or by an archive does not stay open. Only a folder this user owns is changed.
 */
export const ensurePrivateDir = async (dir: string): Promise<void> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await stat(dir);
  if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) await chmod(dir, 0o700);
};

/**
 * Write to a temp file in the same folder, fsync, then rename over the target: a crash or a full
 * disk leaves either the old file or the new one, never half of each. `mode` is applied before the
 * data is written, so a secret is never readable by others even for an instant.
 */
export const writeFileAtomic = async (
  path: string,
  data: string,
  mode = 0o600,
  /** false: skip the fsync, for a file that only has to be whole, not to survive a power cut. */
  durable = true,
): Promise<void> => {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    if (durable) await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  await chmod(tmp, mode);
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
};

export const readFileIfExists = async (path: string): Promise<string | null> => {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
};
