/** Small UI Kit pieces for the admin page: the shared ones (`@suite/admin-ui`), the banner listing field errors. */
import { ErrorBanner as SharedErrorBanner } from '@suite/admin-ui';
import type { ReactNode } from 'react';
import type { ApiError } from '../result';

export { FieldError, Loading, Success } from '@suite/admin-ui';

/** The resolver's message, never the raw payload; field errors are listed when no field shows them. */
export function ErrorBanner({
  error,
  testId,
  onReload,
}: {
  error: ApiError | undefined;
  testId?: string;
  /** Offered on CONFLICT: someone else saved the config since this page loaded it. */
  onReload?: () => void;
}): ReactNode {
  return <SharedErrorBanner error={error} testId={testId} listFields onReload={onReload} />;
}
