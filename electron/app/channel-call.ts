import { GatewayError } from '../core/gateway-error';
import { errorInFaceWords } from '../shared/result';
import type { ContractHandlers, InvokeChannel, InvokeChannels } from '../shared/contract';
import { dispatch } from './contract-handlers';

/** How a face calls its channels: arguments as the contract takes them, the answer or a throw. */
export type ChannelCall<K extends InvokeChannel> = <C extends K>(
  channel: C,
  ...args: unknown[]
) => Promise<InvokeChannels[C]['result']>;

/**
 * A CLI command or a tray action calls the contract's channels as the dashboard does: the one
 * dispatch parses the arguments against the channel's schema, and a refusal names the field in
 * the face's own words (`words`: the CLI's option for a field, e.g. rpm → --rpm). The throw is a
 * GatewayError with the channel's code, so the CLI exits 2 for bad input and 1 for the rest.
 */
export const channelCall =
  <K extends InvokeChannel>(
    handlers: Pick<ContractHandlers, K>,
    words: Readonly<Record<string, string>> = {},
  ): ChannelCall<K> =>
  async (channel, ...args) => {
    const r = await dispatch(handlers as Pick<ContractHandlers, typeof channel>, channel, args);
    if (r.ok) return r.value;
    const { code, field, reason } = r.error;
    throw new GatewayError(
      code,
      errorInFaceWords(r.error, words),
      field === undefined || reason === undefined ? undefined : { field, reason },
    );
  };
