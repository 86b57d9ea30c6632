import { join } from 'node:path';
import { z } from 'zod';
import { releaseAge } from '../../core/release-age';
import type { UpdateOffer } from '../../shared/images';
import { writeFileAtomic } from '../storage/atomic-file';
import type { ImagePinner } from '../docker/image-pinner';
import { readStateFile, type Warn } from '../storage/state-file';

/** update-offers.json: the first day each offered digest was seen (its age without pulling it). */
const FirstSeen = z.record(z.string(), z.string());

export interface OfferAge {
  dataDir: string;
  now: () => Date;
  minAgeDays: () => Promise<number>;
  warn: Warn;
}

/**
 * Which pinned images have a newer digest under the tag they were pinned from, asked of the
 * registries without pulling anything. Only tells: updating is `hagw stack update`, gated by
 * hagw compat and the young-release wait; each offer says when its digest becomes eligible,
 * counted from the first day this check saw it (no build date is known without a pull). An image
 * whose registry does not answer is left out (asked again tomorrow).
 */
export const availableUpdates = async (
  images: Pick<ImagePinner, 'list' | 'remoteDigest'>,
  age?: OfferAge,
): Promise<UpdateOffer[]> => {
  const file = age ? join(age.dataDir, 'update-offers.json') : null;
  const seen =
    (file && age ? await readStateFile(file, FirstSeen, 'update offers file', age) : null) ?? {};
  const minDays = age ? await age.minAgeDays() : 0;
  const now = age?.now() ?? new Date();
  const offers: UpdateOffer[] = [];
  const kept: Record<string, string> = {};
  for (const img of await images.list()) {
    if (!img.pinned || !img.digest || !img.source) continue;
    const available = await images.remoteDigest(img.source).catch(() => null);
    if (!available || available === img.digest) continue;
    kept[available] = seen[available] ?? now.toISOString();
    const eligibleAt = age ? releaseAge(kept[available], now.getTime(), minDays).eligibleAt : null;
    offers.push({
      service: img.service,
      tag: img.source,
      current: img.digest,
      available,
      eligibleAt,
    });
  }
  if (file) await writeFileAtomic(file, `${JSON.stringify(kept, null, 2)}\n`, 0o600);
  return offers;
};
