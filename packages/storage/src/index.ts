export { forgeLeaseStore, forgeVersionedStore } from './forge';
export { type Lease, LeaseHeldError, type LeaseOptions, withLease } from './lease';
export {
  ConcurrentUpdateError,
  type UpdateOptions,
  updateVersioned,
  type Versioned,
  type VersionedStore,
} from './versioned';
