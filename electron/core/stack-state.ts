import type {
  ServiceHealth,
  ServiceState,
  ServiceStatus,
  StackOperation,
  StackSnapshot,
  StackStateName,
} from '../shared/stack';
import type { ContainerFacts } from './ports';

const dockerToServiceState: Record<string, ServiceState> = {
  running: 'running',
  exited: 'exited',
  dead: 'exited',
  removing: 'exited',
  created: 'created',
  restarting: 'restarting',
  paused: 'paused',
};

const toHealth = (health: string | null): ServiceHealth =>
  health === 'healthy' || health === 'unhealthy' || health === 'starting' ? health : 'none';

// Docker reports "0001-01-01T00:00:00Z" for a time that never happened.
const realTime = (iso: string | null): string | null =>
  iso && !iso.startsWith('0001-') ? iso : null;

export const toServiceStatus = (name: string, facts: ContainerFacts | undefined): ServiceStatus => {
  if (!facts) return { name, state: 'missing', health: 'none', since: null, exitCode: null };
  const state = dockerToServiceState[facts.status] ?? 'exited';
  const running = state === 'running' || state === 'paused' || state === 'restarting';
  return {
    name,
    state,
    health: running ? toHealth(facts.health) : 'none',
    since: running
      ? realTime(facts.startedAt)
      : (realTime(facts.finishedAt) ?? realTime(facts.startedAt)),
    // A restarting container is between crashes: its last exit code is the clue.
    exitCode: state === 'exited' || state === 'restarting' ? facts.exitCode : null,
  };
};

export const isHealthy = (s: ServiceStatus): boolean =>
  s.state === 'running' && (s.health === 'healthy' || s.health === 'none');

/** A service is on its way up, not broken: running with its healthcheck still pending, or restarting. */
const isComing = (s: ServiceStatus): boolean =>
  (s.state === 'running' && s.health === 'starting') || s.state === 'created';

export const summarize = (
  services: readonly ServiceStatus[],
  operation: StackOperation | null,
): StackStateName => {
  if (services.length === 0) return operation === 'up' ? 'starting' : 'stopped';
  if (services.every(isHealthy)) return 'running';
  const down = services.filter(
    (s) => s.state === 'missing' || s.state === 'exited' || s.state === 'created',
  );
  if (down.length === services.length)
    return operation === 'up' || operation === 'restart' ? 'starting' : 'stopped';
  if (operation === 'up' || operation === 'restart') return 'starting';
  if (services.every((s) => isHealthy(s) || isComing(s))) return 'starting';
  return 'partial';
};

/**
 * The StackSnapshot from what the compose file expects and what Docker has. Pure: the same input
 * gives the same snapshot, so the tray, the renderer and the CLI can never disagree.
 */
export const deriveStack = (input: {
  project: string;
  expected: readonly string[];
  containers: readonly ContainerFacts[];
  operation: StackOperation | null;
}): StackSnapshot => {
  const byService = new Map<string, ContainerFacts>();
  // Newest container wins when compose left an old one behind (scale, renamed project).
  for (const c of input.containers) {
    const prev = byService.get(c.service);
    if (!prev || (c.startedAt ?? '') > (prev.startedAt ?? '')) byService.set(c.service, c);
  }
  const names = [...new Set([...input.expected, ...byService.keys()])].sort();
  const services = names.map((n) => toServiceStatus(n, byService.get(n)));
  return {
    state: summarize(services, input.operation),
    project: input.project,
    services,
    operation: input.operation,
    reason: null,
  };
};

export const unavailableStack = (project: string, reason: string): StackSnapshot => ({
  state: 'docker-unavailable',
  project,
  services: [],
  operation: null,
  reason,
});

export const errorStack = (
  project: string,
  reason: string,
  expected: readonly string[] = [],
): StackSnapshot => ({
  state: 'error',
  project,
  services: expected.map((n) => toServiceStatus(n, undefined)),
  operation: null,
  reason,
});

/** Services that deserve their last log lines in a report: down, failing or unhealthy. */
export const needsLogs = (s: ServiceStatus): boolean =>
  s.state === 'exited' || s.state === 'restarting' || s.health === 'unhealthy';
