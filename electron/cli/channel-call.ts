import { GatewayError } from '../core/gateway-error';
import { errorInFaceWords } from '../shared/result';
import type { ContractHandlers, InvokeChannel, InvokeChannels } from '../shared/contract';
import { dispatch } from '../app/contract-handlers';

/** How a command calls its channels: arguments as the contract takes them, the answer or a throw. */
export type ChannelCall<K extends InvokeChannel> = <C extends K>(
  channel: C,
  ...args: unknown[]
) => Promise<InvokeChannels[C]['result']>;

/**
 * A CLI command calls the contract's channels as the dashboard does: the one dispatch parses the
 * arguments against the channel's schema, and a refusal names the field in the command's own
 * words (`flags`: the field's option, e.g. rpm → --rpm). Bad input exits 2, the rest 1.
 */
export const channelCall =
  <K extends InvokeChannel>(
    handlers: Pick<ContractHandlers, K>,
    flags: Readonly<Record<string, string>>,
  ): ChannelCall<K> =>
  async (channel, ...args) => {
    const r = await dispatch(handlers as Pick<ContractHandlers, typeof channel>, channel, args);
    if (r.ok) return r.value;
    const { code, field, reason } = r.error;
    throw new GatewayError(
      code,
      errorInFaceWords(r.error, flags),
      field === undefined || reason === undefined ? undefined : { field, reason },
    );
  };
