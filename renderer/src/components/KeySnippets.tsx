import { useState } from 'react';
import type { CreatedKey } from '../../../electron/shared/keys';

const kinds = [
  ['env', '.env'],
  ['python', 'Python'],
  ['javascript', 'JavaScript'],
  ['curl', 'curl'],
] as const;

/** The key as it may sit on a screen someone looks over: its prefix and last four characters. */
const masked = (text: string, raw: string) => text.split(raw).join(`sk-…${raw.slice(-4)}`);

/**
 * A project's wiring for one key: the .env lines, Python, JavaScript and curl, shown with the key
 * shortened and copied whole. The raw key lives in this component's props only while it is open.
 */
export const KeySnippets = ({ created, onClose }: { created: CreatedKey; onClose: () => void }) => {
  const [copied, setCopied] = useState<string | null>(null);
  const alias = created.key.alias ?? 'this key';
  const copy = async (kind: (typeof kinds)[number][0], label: string) => {
    try {
      await navigator.clipboard.writeText(created.snippets[kind]);
      setCopied(`Copied the ${label} snippet for ${alias}.`);
    } catch {
      setCopied(`The clipboard is not available here; use "hagw keys env ${alias}" instead.`);
    }
  };
  return (
    <section aria-labelledby="snippets-title" data-testid="key-snippets" className="snippets">
      <h3 id="snippets-title">Use {alias} in a project</h3>
      {kinds.map(([kind, label]) => (
        <div key={kind}>
          <div className="actions">
            <strong>{label}</strong>
            <button type="button" className="small" onClick={() => void copy(kind, label)}>
              Copy {label}
            </button>
          </div>
          <pre data-testid={`snippet-${kind}`}>
            {masked(created.snippets[kind], created.rawKey)}
          </pre>
        </div>
      ))}
      <p className="hint" role="status">
        {copied ?? 'The key is shortened on screen; Copy puts the whole key on the clipboard.'}
      </p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
};
