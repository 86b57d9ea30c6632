import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelCall } from '../../electron/app/channel-call';
import { GatewayError } from '../../electron/core/gateway-error';
import type { ContractHandlers } from '../../electron/shared/contract';

const handlers = (seen: unknown[][]): Pick<ContractHandlers, 'keys.create' | 'keys.rotate'> => ({
  'keys.create': (o) => {
    seen.push(['create', o]);
    if (o.budgetDuration === '0d')
      return Promise.reject(
        new GatewayError('BAD_INPUT', 'The budget period "0d" is not one', {
          field: 'budgetDuration',
          reason: '"0d" is not a budget period from 1h to 366d',
        }),
      );
    return Promise.resolve({ rawKey: 'sk-x' } as never);
  },
  'keys.rotate': (alias) => (seen.push(['rotate', alias]), Promise.resolve({} as never)),
});
const flags = { rpm: '--rpm', budgetDuration: '--period' };

test('a command calls its channel through the one dispatch: parsed arguments reach the handler', async () => {
  const seen: unknown[][] = [];
  const call = channelCall(handlers(seen), flags);
  await call('keys.create', { alias: 'bot', rpm: 30, models: undefined });
  await call('keys.rotate', 'bot', 'rotate');
  assert.deepEqual(seen, [
    ['create', { alias: 'bot', rpm: 30, models: undefined }],
    ['rotate', 'bot'],
  ]);
});

test("the schema's refusal and the service's both name the field in the CLI's words, as bad input", async () => {
  const seen: unknown[][] = [];
  const call = channelCall(handlers(seen), flags);
  const refused = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => assert.fail('accepted'),
      (x: unknown) => x,
    );
    assert.ok(e instanceof GatewayError);
    return [e.code, e.message, e.input?.field];
  };
  assert.deepEqual(await refused(call('keys.create', { alias: 'bot', rpm: 1e9 })), [
    'BAD_INPUT',
    '--rpm must be a whole number from 1 to 100000',
    'rpm',
  ]);
  assert.deepEqual(await refused(call('keys.create', { alias: 'bot', budgetDuration: '0d' })), [
    'BAD_INPUT',
    '--period "0d" is not a budget period from 1h to 366d',
    'budgetDuration',
  ]);
  // A field the command has no word for: the contract's own line, channel and field named.
  assert.deepEqual(await refused(call('keys.rotate', 'bot', 'yes')), [
    'BAD_INPUT',
    'keys.rotate: confirmation is missing: send "rotate" to confirm',
    'confirmation',
  ]);
  assert.deepEqual(seen, [['create', { alias: 'bot', budgetDuration: '0d' }]]);
});
