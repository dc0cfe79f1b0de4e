// KVS reads per console load, with 10 and with 40 technicians: the issue's goal is "constant, not per
// technician". Runs the app unmodified in the in-process sandbox and counts the KVS API calls of one `getConsole`.
import { report } from '../../../test/bench';
import type { ConsoleData } from '../src/domain/contract';
import { data, saveTechnicians, setUp, startSandbox } from '../test/resolvers-support';

const t = await startSandbox();
const dispatcher = t.users.dispatcher as string;
await setUp(t);

async function kvsCallsPerLoad(): Promise<number> {
  t.kvsCalls.clear();
  data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
  return [...t.kvsCalls.values()].reduce((sum, n) => sum + n, 0);
}

await saveTechnicians(t, 10);
const ten = await kvsCallsPerLoad();
await saveTechnicians(t, 30, 10);
const forty = await kvsCallsPerLoad();
report({ name: 'dispatchdesk.console.kvsCallsPerLoad.10-technicians', value: ten, unit: 'calls' });
report({
  name: 'dispatchdesk.console.kvsCallsPerLoad.40-technicians',
  value: forty,
  unit: 'calls',
  baseline: ten,
  ratio: forty / ten,
});
t.close();
