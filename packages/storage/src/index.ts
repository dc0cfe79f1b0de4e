export { forgeVersionedStore } from './forge';
export {
  ConcurrentUpdateError,
  type UpdateOptions,
  updateVersioned,
  type Versioned,
  type VersionedStore,
} from './versioned';
