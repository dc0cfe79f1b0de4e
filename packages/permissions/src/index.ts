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
  RESOLVER_FUNCTIONS,
  type RefusedCall,
  resolverFunctionsOf,
  UNKNOWN_FUNCTION_ANSWER,
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
  DELEGATION_ROLES,
  definePolicy,
  type GlobalPermission,
  type JiraRequirement,
  type Policy,
  type ProjectPermission,
  siteAdminResetPolicy,
} from './policy';
export {
  type AccountStatus,
  auditLogHolder,
  CLOSED_ACCOUNT,
  looksLikeAccountId,
  NO_TIMESTAMP,
  type PersonalDataHolder,
  type PersonalDataRun,
  personalDataTrigger,
  REPORT_BATCH,
  REPORT_CURSOR_KEY,
  type ReportedAccount,
  type ReportOptions,
  reportPersonalData,
  roleGrantsHolder,
} from './privacy';
export {
  consoleLogger,
  createResolverKit,
  type HandlerArgs,
  inputSpecsOf,
  type Logger,
  RESOLVER_INPUT,
  type ResolverDefinition,
  type ResolverDeps,
  type ResolverError,
  type ResolverInputSpec,
  type ResolverResult,
  routesTo,
  UserError,
  type UserErrorCode,
} from './resolver';
export {
  changeRoleGrants,
  LOCKOUT_MESSAGE,
  type RoleActor,
  type RoleChange,
  type RoleGrants,
  readRoleGrants,
  readRoleList,
  readVersionedRoleGrants,
  replaceRoleGrants,
  resetAppAdminGrants,
  roleActor,
  roleChangeSchema,
  roleGrantsSchema,
  type VersionedRoleGrants,
} from './roles';
export { forgeKvsStore, type KeyValueStore, type StoredEntry, type StoredPage } from './store';
