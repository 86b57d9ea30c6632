import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Filesystem {
  mount: string;
  size: number;
  available: number;
}

/**
 * The filesystem that holds `path`: the longest mount point that is `path` or a parent of it.
 * systeminformation is loaded on first use only: it costs ~10 MB of memory that `hagw monitor`,
 * which never asks for host facts, should not carry.
 */
export const filesystemAt = async (path: string): Promise<Filesystem | null> => {
  try {
    const si = (await import('systeminformation')).default;
    const mounts = await si.fsSize();
    const best = mounts
      .filter(
        (m) => path === m.mount || path.startsWith(m.mount.endsWith('/') ? m.mount : `${m.mount}/`),
      )
      .sort((a, b) => b.mount.length - a.mount.length)[0];
    return best ? { mount: best.mount, size: best.size, available: best.available } : null;
  } catch {
    return null;
  }
};

/**
 * Bytes free to an unprivileged writer on the filesystem that holds `path` (or its nearest
 * existing parent: the data directory may not exist yet), from statfs(2): no child process.
 */
export const freeDiskAt = async (path: string): Promise<number | null> => {
  for (let p = path; ; p = dirname(p)) {
    try {
      const s = await statfs(p);
      return s.bavail * s.bsize;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) return null;
    }
  }
};
