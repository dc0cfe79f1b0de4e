/** Small UI Kit pieces for showing a resolver's answer: errors, field errors, success and loading. */
import { Button, ErrorMessage, Inline, SectionMessage, Spinner, Text } from '@forge/react';
import type { ReactNode } from 'react';
import { type ApiError, fieldError } from './result';

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

/**
 * The resolver's message (never the raw payload). With `listFields`, the field errors are listed too (for pages
 * whose fields do not show them).
 */
export function ErrorBanner({
  error,
  title,
  testId,
  listFields = false,
  onReload,
}: {
  error: ApiError | undefined;
  title?: string;
  testId?: string;
  listFields?: boolean;
  /** For a CONFLICT (someone else changed it since it was loaded): a Reload button that calls this. */
  onReload?: (() => void) | undefined;
}): ReactNode {
  if (!error) return null;
  return (
    <SectionMessage appearance="error" title={title ?? titleFor(error.code)} testId={testId ?? 'error'}>
      <Text>{error.message}</Text>
      {listFields
        ? error.fields?.map((f) => <Text key={f.path} size="small">{`${f.path}: ${f.message}`}</Text>)
        : null}
      {onReload && error.code === 'CONFLICT' ? (
        <Button onClick={onReload} testId={`${testId ?? 'error'}-reload`}>
          Reload
        </Button>
      ) : null}
    </SectionMessage>
  );
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
