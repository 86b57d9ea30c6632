import si from 'systeminformation';

export interface Filesystem {
  mount: string;
  size: number;
  available: number;
}

/** The filesystem that holds `path`: the longest mount point that is `path` or a parent of it. */
export const filesystemAt = async (path: string): Promise<Filesystem | null> => {
  try {
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

export const freeDiskAt = async (path: string): Promise<number | null> =>
  (await filesystemAt(path))?.available ?? null;
