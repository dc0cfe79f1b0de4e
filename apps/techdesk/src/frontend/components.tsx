/** Small shared UI Kit pieces for the panel and the admin page. */
import { ErrorMessage, Inline, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import type { ReactNode } from 'react';
import type { ApiError } from './api';
import { fieldError } from './api';

/** The resolver's message (never the raw payload); field errors are listed when no field shows them. */
export function ErrorBanner({
  error,
  title,
  testId,
}: {
  error: ApiError | undefined;
  title?: string;
  testId?: string;
}): ReactNode {
  if (!error) return null;
  return (
    <SectionMessage appearance="error" title={title ?? titleFor(error.code)} testId={testId ?? 'error'}>
      <Text>{error.message}</Text>
    </SectionMessage>
  );
}

function titleFor(code: string): string {
  switch (code) {
    case 'FORBIDDEN':
      return "You can't do this";
    case 'INVALID_INPUT':
      return 'Please check the highlighted fields';
    case 'RETRY':
    case 'RATE_LIMITED':
      return 'Please try again';
    case 'CONFLICT':
      return 'Something changed';
    case 'NOT_FOUND':
      return 'Not found';
    default:
      return 'Something went wrong';
  }
}

/** A field's error from the backend (`error.fields`), shown under the field. */
export function FieldError({ error, field }: { error: ApiError | undefined; field: string }): ReactNode {
  const message = fieldError(error, field);
  return message ? <ErrorMessage>{message}</ErrorMessage> : null;
}

export function Success({ children, testId }: { children: ReactNode; testId?: string }): ReactNode {
  return (
    <SectionMessage appearance="success" testId={testId ?? 'success'}>
      <Text>{children}</Text>
    </SectionMessage>
  );
}

export function Loading({ label }: { label: string }): ReactNode {
  return (
    <Inline space="space.100" alignBlock="center">
      <Spinner size="medium" label={label} />
      <Text color="color.text.subtlest">{label}</Text>
    </Inline>
  );
}

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
