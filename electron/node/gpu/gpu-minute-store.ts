import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type GpuMinute, weekMinutes } from '../../core/gpu-minutes';

/** One stored minute, as the week chart may draw it: finite numbers in plausible ranges. */
const reading = (max: number) => z.number().finite().min(0).max(max).nullable();
const MinuteLine = z.object({
  minute: z.number().int().min(0),
  busId: z.string().regex(/^[0-9A-Fa-f:.]{1,32}$/),
  index: z.number().int().min(0).max(63),
  tempMaxC: reading(200),
  fanMeanPercent: reading(100),
  powerMeanW: reading(5000),
  memoryMeanMiB: reading(4_000_000).optional(),
  life: z.enum(['awake', 'some-asleep', 'asleep']).nullable().optional(),
});

const dayOf = (minute: number) => new Date(minute * 60_000).toISOString().slice(0, 10);
const fileRe = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * The week of per-minute GPU summaries on disk: one JSON line per card and minute, one file per
 * UTC day under gpu-minutes/ in the data directory (about 100 KB a card a day), files past 7 days
 * deleted. Appending a line a minute keeps the write small; a torn last line is skipped on read.
 */
export class GpuMinuteStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'gpu-minutes');
  }

  async append(rows: readonly GpuMinute[]): Promise<void> {
    if (rows.length === 0) return;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const day of new Set(rows.map((r) => dayOf(r.minute))))
      await appendFile(
        join(this.dir, `${day}.jsonl`),
        rows
          .filter((r) => dayOf(r.minute) === day)
          .map((r) => `${JSON.stringify(r)}\n`)
          .join(''),
        { mode: 0o600 },
      );
  }

  /** Deletes the day files that hold nothing newer than a week before `nowMs`. */
  async prune(nowMs: number): Promise<string[]> {
    const oldest = dayOf(Math.floor(nowMs / 60_000) - weekMinutes);
    const gone = (await this.days()).filter((d) => d < oldest);
    for (const d of gone) await rm(join(this.dir, `${d}.jsonl`), { force: true });
    return gone;
  }

  /** The last week's minutes, oldest first. */
  async week(nowMs: number): Promise<GpuMinute[]> {
    const from = Math.floor(nowMs / 60_000) - weekMinutes;
    const rows: GpuMinute[] = [];
    for (const d of await this.days()) {
      if (d < dayOf(from)) continue;
      const text = await readFile(join(this.dir, `${d}.jsonl`), 'utf8').catch(() => '');
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        try {
          // Checked field by field: a hand-edited or foreign line must not reach the chart.
          const r = MinuteLine.safeParse(JSON.parse(line));
          if (r.success && r.data.minute >= from) rows.push(r.data);
        } catch {
          // A line cut short by a crash mid-append: the minutes around it still count.
        }
      }
    }
    return rows.sort((a, b) => a.minute - b.minute);
  }

  private async days(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.flatMap((n) => fileRe.exec(n)?.[1] ?? []).sort();
  }
}
