import { useCallback, useEffect, useState } from 'react';
import type { HagwBridge } from '../../../electron/shared/contract';
import type { ImagePin, ImageUpdate } from '../../../electron/shared/images';
import type { ErrorInfo } from '../../../electron/shared/result';

/**
 * Which image each service runs, whether it is pinned to a digest, and Update: the gated update
 * (pull the pin's tag, start it, run the compatibility check, pin it or roll back).
 */
export const ImagesPanel = ({ bridge }: { bridge: HagwBridge }) => {
  const [images, setImages] = useState<ImagePin[] | null>(null);
  const [updating, setUpdating] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ImageUpdate | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const load = useCallback(async () => {
    const r = await bridge.invoke('stack.images');
    setImages(r.ok ? r.value.images : []);
  }, [bridge]);
  useEffect(() => void load(), [load]);
  const update = async (service: string) => {
    setUpdating(service);
    const r = await bridge.invoke('stack.update', service);
    setUpdating(null);
    setError(r.ok ? null : r.error);
    setOutcome(r.ok ? (r.value.updates[0] ?? null) : null);
    await load();
  };
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
            <th>
              <span className="visually-hidden">Update</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {images.map((i) => (
            <tr key={i.service}>
              <td>{i.service}</td>
              <td>{i.pinned ? 'yes' : 'no'}</td>
              <td className="mono">{i.reference}</td>
              <td>
                {i.pinned && (
                  <button
                    type="button"
                    disabled={updating !== null}
                    aria-label={`Update ${i.service}`}
                    onClick={() => void update(i.service)}
                  >
                    {updating === i.service ? 'Updating…' : 'Update'}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {outcome && (
        <p
          data-testid="update-outcome"
          className={['updated', 'up-to-date', 'held'].includes(outcome.outcome) ? 'hint' : 'error'}
        >
          <strong>
            {outcome.service}: {outcome.outcome}
          </strong>{' '}
          — {outcome.message}
          {outcome.releaseNotes && (
            <>
              {' '}
              <a href={outcome.releaseNotes} target="_blank" rel="noreferrer">
                release notes
              </a>
            </>
          )}
        </p>
      )}
      <p className="hint">
        Update pulls the tag a pin came from, starts it, and keeps it only if the OpenAI
        compatibility check still passes; otherwise the old digest comes back. Same as{' '}
        <code>hagw stack update</code>.
      </p>
    </section>
  );
};
