/** The resolver kit's envelope as the UI sees it, shared by the apps (bridge-free, so unit-testable). */
export {
  type ApiError,
  type ApiResult,
  type FieldError,
  fieldError,
  toResult,
} from '@suite/admin-ui/result';
