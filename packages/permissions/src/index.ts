export {
  ANONYMOUS_ACTOR,
  bucketActor,
  DENIAL_WINDOW_MS,
  type DeniedAggregate,
  type DeniedAttempt,
  deniedKey,
  recordDenied,
} from './attempts';
export {
  type AuditEntry,
  type AuditInput,
  type AuditLog,
  auditKey,
  createAuditLog,
  fieldWords,
  isSecretField,
  maskUrl,
  redactSecrets,
} from './audit';
export { authorise, type PermissionDeps } from './check';
export { type InvocationContext, invocationContextSchema, type VerifiedUser } from './context';
export type { Decision, Denial, DenialCode, Grant, Tier } from './decision';
export {
  auditRefusals,
  type OwnKeysOptions,
  ownKeysOnly,
  REFUSAL_WINDOW_MS,
  type RefusedCall,
  UNKNOWN_FUNCTION_MESSAGE,
} from './dispatch';
export { forgeResolverDeps } from './forge';
export {
  currentUserGroups,
  hasJiraPermissions,
  type JiraResponse,
  PermissionCheckError,
  type RequestJira,
} from './jira';
export {
  APP_ADMIN,
  type AppRole,
  appAdminPolicy,
  definePolicy,
  type GlobalPermission,
  type JiraRequirement,
  type Policy,
  type ProjectPermission,
} from './policy';
export {
  consoleLogger,
  createResolverKit,
  type HandlerArgs,
  type Logger,
  type ResolverDefinition,
  type ResolverDeps,
  type ResolverError,
  type ResolverResult,
  UserError,
  type UserErrorCode,
} from './resolver';
export {
  changeRoleGrants,
  type RoleChange,
  type RoleGrants,
  readRoleGrants,
  readVersionedRoleGrants,
  replaceRoleGrants,
  roleChangeSchema,
  roleGrantsSchema,
  type VersionedRoleGrants,
} from './roles';
export { forgeKvsStore, type KeyValueStore, type StoredEntry, type StoredPage } from './store';
