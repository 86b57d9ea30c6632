// What one nvidia-smi CSV token means. A value the card does not report is never turned into 0:
// "[N/A]" (not available), "[Not Supported]", "[Unknown Error]" / "ERR!" (the driver failed to
// read it) each keep their meaning, because "fan 0 %" and "fan unreadable" are different alarms.
export type Reading =
  | { kind: 'value'; value: number }
  | { kind: 'not-available' }
  | { kind: 'not-supported' }
  | { kind: 'error'; token: string };

export const parseReading = (raw: string): Reading => {
  const t = raw.trim();
  if (t === '[N/A]' || t === 'N/A' || t === '') return { kind: 'not-available' };
  if (t === '[Not Supported]') return { kind: 'not-supported' };
  if (t === 'ERR!' || t === '[Unknown Error]' || /^\[.*\]$/.test(t))
    return { kind: 'error', token: t };
  const n = Number(t.replace(/\s*(%|W|MiB|MHz|C)$/, ''));
  return Number.isFinite(n) ? { kind: 'value', value: n } : { kind: 'error', token: t };
};

export const valueOf = (r: Reading): number | null => (r.kind === 'value' ? r.value : null);

/** "Active" / "Not Active" (clocks_event_reasons.*); anything else is unknown. */
export const parseActive = (raw: string): boolean | null => {
  const t = raw.trim();
  if (t === 'Active') return true;
  if (t === 'Not Active') return false;
  return null;
};

export const describeReading = (r: Reading): string => {
  switch (r.kind) {
    case 'value':
      return String(r.value);
    case 'not-available':
      return 'not available ([N/A])';
    case 'not-supported':
      return 'not supported by this card';
    case 'error':
      return `unreadable (${r.token})`;
  }
};
