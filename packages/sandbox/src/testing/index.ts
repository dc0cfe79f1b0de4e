export { launchBrowser, moduleFrame } from './browser';
export { type KeyProbe, PROTOTYPE_KEYS, probeFunctionKeys } from './function-keys';
