import { parseSince } from '../core/audit-calls';
import { GatewayError } from '../core/gateway-error';
import { parseModelSpec } from '../core/model-spec';
import type { ContractHandlers } from '../shared/contract';
import type { App } from './create-app';

type ModelChannel = Extract<
  keyof ContractHandlers,
  `models.${string}` | `audit.${string}` | `batches.${string}`
>;

/** The routes, the calls they served (the audit trail) and the batches: the Models and Batches views. */
export const modelHandlers = (
  gw: Pick<App, 'models' | 'keys' | 'batches'>,
): Pick<ContractHandlers, ModelChannel> => ({
  'models.list': () => gw.models.routes.list(),
  'models.add': (o) => {
    const served = o.served;
    const spec = parseModelSpec(served);
    if (!spec.ok)
      return Promise.reject(
        new GatewayError('BAD_INPUT', spec.error, { field: 'served', reason: spec.error }),
      );
    // A cloud key never crosses the window: those are added where the key is, in a shell.
    if (spec.value.kind === 'cloud')
      return Promise.reject(
        new GatewayError(
          'BAD_INPUT',
          `Add cloud models from a shell that holds the key: hagw models add ${served} --api-key-env NAME.`,
        ),
      );
    return gw.models.routes.add(served, {
      ...(o.name !== undefined && o.name !== '' ? { name: o.name } : {}),
      ...(o.priceIn !== undefined ? { priceIn: o.priceIn } : {}),
      ...(o.priceOut !== undefined ? { priceOut: o.priceOut } : {}),
    });
  },
  'models.remove': (name) => gw.models.routes.remove(name),
  'audit.list': (q) => {
    const since = parseSince(q.since);
    if (!since.ok)
      return Promise.reject(
        new GatewayError('BAD_INPUT', since.error, { field: 'since', reason: since.error }),
      );
    const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    return gw.keys.audit.list({
      sinceMs: since.value,
      ...(text(q.app) !== undefined ? { app: text(q.app) } : {}),
      ...(text(q.model) !== undefined ? { model: text(q.model) } : {}),
      ...(q.status !== undefined ? { status: q.status } : {}),
    });
  },
  'audit.growth': () => gw.models.spendLogGrowth(),
  'batches.list': () => gw.batches.list(),
  'batches.cancel': (id) => gw.batches.cancel(id),
});
