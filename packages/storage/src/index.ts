export {
  forgeKeyValueVersionedStore,
  forgeLeaseStore,
  forgeVersionedStore,
  RECORD_VERSION_ENTITY,
} from './forge';
export { type Lease, LeaseHeldError, type LeaseOptions, withLease } from './lease';
export {
  type AlongsideWrite,
  ConcurrentUpdateError,
  deleteVersioned,
  replaceVersioned,
  StaleVersionError,
  type UpdateOptions,
  updateVersioned,
  type Versioned,
  type VersionedStore,
} from './versioned';
