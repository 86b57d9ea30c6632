import { z } from 'zod';

/** What the tray icon, the renderer and `hagw status` say about the whole stack. */
export const StackStateName = z.enum([
  'running',
  'stopped',
  'partial',
  'starting',
  'error',
  'docker-unavailable',
]);
export type StackStateName = z.infer<typeof StackStateName>;

export const ServiceState = z.enum([
  'running',
  'exited',
  'created',
  'restarting',
  'paused',
  'missing',
]);
export type ServiceState = z.infer<typeof ServiceState>;

export const ServiceHealth = z.enum(['healthy', 'unhealthy', 'starting', 'none']);
export type ServiceHealth = z.infer<typeof ServiceHealth>;

export const StackOperation = z.enum(['up', 'down', 'restart']);
export type StackOperation = z.infer<typeof StackOperation>;

export const ServiceStatus = z.object({
  name: z.string(),
  state: ServiceState,
  health: ServiceHealth,
  /** ISO time of the last start (running) or exit (exited); null when missing. */
  since: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  /** The last log lines, only for a service that is not healthy. */
  lastLog: z.array(z.string()).optional(),
});
export type ServiceStatus = z.infer<typeof ServiceStatus>;

export const StackSnapshot = z.object({
  state: StackStateName,
  project: z.string(),
  services: z.array(ServiceStatus),
  /** The operation in progress, if any. */
  operation: StackOperation.nullable(),
  /** One line a person can act on when state is error or docker-unavailable. */
  reason: z.string().nullable(),
});
export type StackSnapshot = z.infer<typeof StackSnapshot>;
