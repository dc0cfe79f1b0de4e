/** Small shared UI Kit pieces for the panel and the admin page. */
import { Stack, Text } from '@forge/react';
import type { ReactNode } from 'react';

/** The resolver's message, a field's error, success and loading: shared with the other apps. */
export { ErrorBanner, FieldError, Loading, Success } from '@suite/admin-ui';

/** A label above a value, for read-only details. */
export function Field({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <Stack space="space.025">
      <Text size="small" weight="semibold" color="color.text.subtlest">
        {label}
      </Text>
      {children}
    </Stack>
  );
}
