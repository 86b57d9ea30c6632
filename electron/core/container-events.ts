/**
 * Docker container actions after which the stack's state may read differently. Every other action
 * (exec_create/exec_start/exec_die of each health check, attach, resize, top, copy, commit...) is
 * left alone: with health checks on every service they arrive several times a second, and a
 * re-read for each kept the controller's one read busy, so a real death waited behind them.
 * Docker's own actions, as moby's daemon/events emits them; health_status carries its result
 * ("health_status: unhealthy").
 */
const lifecycle = new Set([
  'create',
  'start',
  'restart',
  'die',
  'stop',
  'oom',
  'pause',
  'unpause',
  'destroy',
  'rename',
  'update',
]);

export const changesStackState = (action: string): boolean =>
  lifecycle.has(action) || action.startsWith('health_status');

// Not 'kill': it comes before the 'die' that tells the outcome, and a read started at the kill
// would see the container still running and hold the die's read back until it finished.

/** The same list for Docker's /events filter, so the daemon does not send the rest at all. */
export const stackStateActions: readonly string[] = [...lifecycle, 'health_status'];
