import { ensurePrivateDir } from '../storage/atomic-file';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Disposable, toDisposable } from '../../core/disposable';
import { GatewayError } from '../../core/gateway-error';
import type { OperationLock } from '../../core/ports';
import { processAlive } from '../platform/process-alive';

interface Holder {
  pid: number;
  operation: string;
  since: string;
}

/**
 * A lock file in the data directory that exactly one process can create. It is written whole to
 * a private temp file first and then hard-linked into place (link(2) fails with EEXIST and is
 * atomic), so a rival never sees it empty: an O_EXCL create followed by a write left a window in
 * which the rival read "", took the lock for stale, removed it and ran compose a second time. A
 * holder that died without cleaning up (kill -9, power cut) is recognised by its pid and taken over.
 */
export class FileOperationLock implements OperationLock {
  private readonly path: string;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.path = join(dataDir, 'stack-operation.lock');
  }

  async acquire(operation: string): Promise<Disposable> {
    await ensurePrivateDir(this.dataDir);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.claim(operation);
        // Released synchronously: the next acquire (this process or another) sees it gone at once.
        return toDisposable(() => rmSync(this.path, { force: true }));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = await this.holder();
        if (holder && processAlive(holder.pid) && holder.pid !== process.pid) {
          throw new GatewayError(
            'BUSY',
            `Another hagw (pid ${holder.pid}) is running "${holder.operation}" since ${holder.since}; wait for it to finish and try again.`,
          );
        }
        // Stale: its owner is gone. Remove it and try once more.
        await rm(this.path, { force: true });
      }
    }
    throw new GatewayError('BUSY', `Could not take the stack lock ${this.path}; try again.`);
  }

  private async claim(operation: string): Promise<void> {
    const me: Holder = { pid: process.pid, operation, since: this.now().toISOString() };
    const temp = `${this.path}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temp, JSON.stringify(me), { mode: 0o600 });
    try {
      await link(temp, this.path);
    } finally {
      await rm(temp, { force: true });
    }
  }

  private async holder(): Promise<Holder | null> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Holder;
    } catch {
      return null;
    }
  }
}
