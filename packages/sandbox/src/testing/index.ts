export { launchBrowser, moduleFrame } from './browser';
export { expectFuzzClean, expectOwnKeysOnly } from './expect';
export { type KeyProbe, PROTOTYPE_KEYS, probeFunctionKeys } from './function-keys';
export {
  type FuzzCategory,
  type FuzzFinding,
  type FuzzOptions,
  type FuzzReport,
  type FuzzTarget,
  fuzzResolvers,
  fuzzWebTrigger,
  isInvalidFor,
  nastyNumber,
  nastyString,
  resolverTargets,
  type WebTriggerCase,
  type WebTriggerFuzzReport,
  wireValue,
} from './fuzz';
