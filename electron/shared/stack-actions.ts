import type { StackSnapshot } from './stack';

/**
 * Which of Start, Stop and Restart may be offered for a stack snapshot: the one rule the tray menu
 * and the dashboard both show (they had two, so the dashboard offered Start while the tray was
 * starting the stack). An operation under way, from any face, disables all three.
 */
export const stackActions = (
  s: StackSnapshot,
): { start: boolean; stop: boolean; restart: boolean } => {
  const ready = s.state !== 'docker-unavailable' && s.operation === null;
  const anyUp = s.services.some((x) => x.state === 'running' || x.state === 'restarting');
  return { start: ready && s.state !== 'running', stop: ready && anyUp, restart: ready && anyUp };
};
