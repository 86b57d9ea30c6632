/** The dashboard's views; the URL fragment names one, so a link opens it (#keys). */
export const views = [
  { id: 'overview', label: 'Overview' },
  { id: 'keys', label: 'Keys & usage' },
  { id: 'gpu', label: 'GPU & maintenance' },
  { id: 'safety', label: 'Certificates & doctor' },
  { id: 'models', label: 'Models & audit' },
  { id: 'batches', label: 'Batches' },
  { id: 'settings', label: 'Settings' },
] as const;
export type ViewId = (typeof views)[number]['id'];
