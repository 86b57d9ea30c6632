import type { ContractHandlers } from '../shared/contract';
import type { KeysDomain } from './keys-domain';

type KeyChannel = Extract<keyof ContractHandlers, `keys.${string}`>;

/**
 * The keys channels, for every face: the dashboard and the tray through the one dispatch, the
 * CLI's `hagw keys` through the same dispatch (cli/channel-call.ts), so ranges and defaults agree.
 */
export const keyHandlers = (keys: KeysDomain): Pick<ContractHandlers, KeyChannel> => ({
  'keys.list': () => keys.service.list(),
  'keys.usage': () => keys.service.usage(),
  'keys.create': (o) => keys.service.create(o),
  // Like delete, the renderer must say "rotate" (the schema): every project on the old key stops.
  'keys.rotate': (alias) => keys.service.rotate(alias),
  'keys.copy': (alias) => keys.service.env(alias),
  'keys.setBlocked': (alias, blocked) => keys.service.setBlocked(alias, blocked),
  'keys.updateBudget': (alias, budgetUsd) => keys.service.update(alias, { budgetUsd }),
  'keys.update': (alias, change) => keys.service.update(alias, change),
  // The renderer must say "delete" explicitly (the schema): a stray call cannot remove a key.
  'keys.delete': (alias) => keys.service.remove(alias),
});
