export type { EntityDefinition } from './entities';
export { KVS_ERROR_CODES, type KvsErrorCode } from './errors';
export { KEY_PATTERN, KVS_LIMITS } from './limits';
export {
  createKvsStore,
  type KvsDump,
  type KvsResponse,
  type KvsScope,
  type KvsStore,
  type KvsStoreOptions,
  toResponse,
} from './store';
