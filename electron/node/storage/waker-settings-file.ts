// The wake service's settings (idle times, pins, margin, freed, each sleeper's level) in its own
// volume, 0600, written whole and renamed into place. A file that does not parse is moved aside
// with one line in the log, never silently reset.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const schema = z.object({
  marginPercent: z.number(),
  freed: z.boolean(),
  models: z.record(
    z.string(),
    z.object({
      idleMinutes: z.number().optional(),
      pinned: z.boolean().optional(),
      level: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    }),
  ),
});

export type WakerSettingsShape = z.infer<typeof schema>;

export const wakerSettingsFile = (
  path: string,
  defaults: WakerSettingsShape,
  warn: (line: string) => void,
  now: () => Date = () => new Date(),
) => ({
  load: (): WakerSettingsShape => {
    if (!existsSync(path)) return structuredClone(defaults);
    const text = readFileSync(path, 'utf8');
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: moved aside below
    }
    const aside = `${path}.bad-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, aside);
    warn(`hagw-waker: ${path} is not valid settings; moved it to ${aside} and started afresh`);
    return structuredClone(defaults);
  },
  save: (s: WakerSettingsShape): void => {
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  },
});
