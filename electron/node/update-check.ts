import type { UpdateOffer } from '../shared/images';
import type { ImagePinner } from './image-pinner';

/**
 * Which pinned images have a newer digest under the tag they were pinned from, asked of the
 * registries without pulling anything. Only tells: updating is `hagw stack update`, gated by
 * hagw compat. An image whose registry does not answer is left out (asked again tomorrow).
 */
export const availableUpdates = async (
  images: Pick<ImagePinner, 'list' | 'remoteDigest'>,
): Promise<UpdateOffer[]> => {
  const offers: UpdateOffer[] = [];
  for (const img of await images.list()) {
    if (!img.pinned || !img.digest || !img.source) continue;
    const available = await images.remoteDigest(img.source).catch(() => null);
    if (available && available !== img.digest)
      offers.push({ service: img.service, tag: img.source, current: img.digest, available });
  }
  return offers;
};
