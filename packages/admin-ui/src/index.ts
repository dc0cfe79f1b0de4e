/** UI Kit pieces shared by the suite's Forge apps (frontend only: no bridge or backend imports). */
export { ErrorBanner, FieldError, Loading, Success } from './components';
export {
  type ApiError,
  type ApiResult,
  type FieldError as FieldErrorInfo,
  fieldError,
  toResult,
} from './result';
export {
  type Grant,
  type GrantChange,
  grantChange,
  type RoleSpec,
  type RolesData,
  RolesPanel,
  type RolesPanelProps,
} from './roles';
export { AdminShell, type AdminShellProps, type AdminTab } from './shell';
