import { useEffect, useState } from 'react';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { ImagePin } from '../../../electron/shared/images';

/** Which image each service runs and whether it is pinned to a digest (`hagw stack pin`). */
export const ImagesPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [images, setImages] = useState<ImagePin[] | null>(null);
  useEffect(() => {
    void bridge.invoke('stack.images').then((r) => setImages(r.ok ? r.value.images : []));
  }, [bridge]);
  if (!images || images.length === 0) return null;
  return (
    <section aria-label="Images">
      <h2>Images</h2>
      <table data-testid="images">
        <thead>
          <tr>
            <th>Service</th>
            <th>Pinned</th>
            <th>Reference</th>
          </tr>
        </thead>
        <tbody>
          {images.map((i) => (
            <tr key={i.service}>
              <td>{i.service}</td>
              <td>{i.pinned ? 'yes' : 'no'}</td>
              <td className="mono">{i.reference}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Pin or update with <code>hagw stack pin [--update]</code>: an image bump can break OpenAI
        compatibility.
      </p>
    </section>
  );
};
