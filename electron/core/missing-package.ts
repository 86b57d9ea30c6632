/** The package an import could not find (a broken or half-done install), or null. */
export const missingPackage = (e: unknown): string | null => {
  const err = e as { code?: string; message?: string } | null;
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' && err?.code !== 'MODULE_NOT_FOUND') return null;
  return /Cannot find (?:package|module) '([^']+)'/.exec(err.message ?? '')?.[1] ?? 'unknown';
};
