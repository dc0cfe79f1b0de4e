/** The resolver kit's envelope as the UI sees it, shared by the apps (bridge-free, so unit-testable). */
export {
  type ApiError,
  type ApiResult,
  type FieldError,
  fieldError,
  toResult,
} from '@suite/admin-ui/result';

export function failureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/timed? ?out/i.test(message)) return 'The app took too long to answer. Please try again.';
  if (/forbidden|not allowed|permission/i.test(message)) return message;
  return "We couldn't reach the app just now. Please try again.";
}
