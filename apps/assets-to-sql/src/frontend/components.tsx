/** Small shared UI Kit pieces for the admin page. */
import {
  Box,
  Button,
  Code,
  ErrorMessage,
  Inline,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  SectionMessage,
  Select,
  Spinner,
  Stack,
  Text,
  xcss,
} from '@forge/react';
import type { ReactNode } from 'react';
import type { ApiError, ExportView } from './api';
import { DIALECT_LABELS } from './format';
import { fieldError, NOT_AVAILABLE } from './result';

const secretBox = xcss({ borderRadius: 'radius.medium' });

function titleFor(code: string): string {
  switch (code) {
    case 'FORBIDDEN':
      return "You can't do this";
    case 'INVALID_INPUT':
      return 'Please check the highlighted fields';
    case 'RETRY':
    case 'RATE_LIMITED':
      return 'Please try again';
    case 'NOT_FOUND':
      return 'Not found';
    case 'UNPROCESSABLE':
      return 'This cannot be saved';
    case NOT_AVAILABLE:
      return 'Not available yet';
    default:
      return 'Something went wrong';
  }
}

/** The resolver's message (never the raw payload). */
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
    <SectionMessage
      appearance={error.code === NOT_AVAILABLE ? 'information' : 'error'}
      title={title ?? titleFor(error.code)}
      testId={testId ?? 'error'}
    >
      <Text>
        {error.code === 'INVALID_INPUT' && error.fields?.length
          ? 'Some values were not accepted. The reasons are shown next to the fields.'
          : error.message}
      </Text>
    </SectionMessage>
  );
}

/** A field's error from the backend (`error.fields`), shown under the field. */
export function FieldError({
  error,
  field,
  fieldKey,
}: {
  error: ApiError | undefined;
  field: string;
  fieldKey?: string;
}): ReactNode {
  const message = fieldError(error, field, fieldKey);
  return message ? <ErrorMessage>{message}</ErrorMessage> : null;
}

export function Loading({ label }: { label: string }): ReactNode {
  return (
    <Inline space="space.100" alignBlock="center">
      <Spinner size="small" label={label} />
      <Text color="color.text.subtlest">{label}</Text>
    </Inline>
  );
}

/** A feature whose resolver the backend does not define yet. */
export function NotAvailable({ title, children }: { title: string; children: ReactNode }): ReactNode {
  return (
    <SectionMessage appearance="information" title={`${title}: not available yet`} testId="not-available">
      <Text>{children}</Text>
    </SectionMessage>
  );
}

/** A label above a value, for read-only details. */
export function Field({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <Stack space="space.050">
      <Text size="small" weight="semibold" color="color.text.subtlest">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** A short explanation under a heading. */
export function Hint({ children }: { children: ReactNode }): ReactNode {
  return (
    <Text size="small" color="color.text.subtle">
      {children}
    </Text>
  );
}

/** The export a tab works on; shared by Preview, Pull, Push and Runs. */
export function ExportPicker({
  exports,
  selected,
  onChange,
  id,
}: {
  exports: readonly ExportView[];
  selected: string | undefined;
  onChange: (id: string) => void;
  id: string;
}): ReactNode {
  const options = exports.map((e) => ({ label: `${e.name} (${e.id})`, value: e.id }));
  return (
    <Box xcss={{ maxWidth: '480px' }}>
      <Stack space="space.050">
        <Label labelFor={id}>Export</Label>
        <Select
          inputId={id}
          testId={id}
          options={options}
          value={options.find((o) => o.value === selected) ?? null}
          placeholder="Choose an export"
          onChange={(option: { value: string } | null) => option && onChange(option.value)}
        />
      </Stack>
    </Box>
  );
}

export function dialectOf(e: ExportView | undefined): string {
  return e ? DIALECT_LABELS[e.dialect] : '—';
}

/** A secret shown exactly once, with a clear warning; the only way out is to confirm it was copied. */
export function OneTimeSecretModal({
  title,
  what,
  value,
  lost,
  onClose,
  testId,
  children,
}: {
  title: string;
  what: string;
  value: string;
  /** What to do when it is lost, e.g. "create a new key". */
  lost: string;
  onClose: () => void;
  testId: string;
  children?: ReactNode;
}): ReactNode {
  return (
    <ModalTransition>
      <Modal onClose={onClose} label={title} width="large">
        <ModalHeader>
          <ModalTitle>{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <Stack space="space.200">
            <SectionMessage appearance="warning" title={`Copy the ${what} now`}>
              <Text>
                This is the only time the {what} is shown: the app never shows it again. If it is lost, {lost}
                .
              </Text>
            </SectionMessage>
            <Box
              testId={testId}
              padding="space.150"
              backgroundColor="color.background.neutral"
              xcss={secretBox}
            >
              <Code>{value}</Code>
            </Box>
            {children}
          </Stack>
        </ModalBody>
        <ModalFooter>
          <Button appearance="primary" onClick={onClose} testId={`${testId}-done`}>
            I have copied the {what}
          </Button>
        </ModalFooter>
      </Modal>
    </ModalTransition>
  );
}

/** Asks before doing something that cannot be undone. */
export function ConfirmModal({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
  testId,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  testId?: string;
}): ReactNode {
  return (
    <ModalTransition>
      <Modal onClose={onCancel} label={title} width="small" testId={testId}>
        <ModalHeader>
          <ModalTitle appearance="danger">{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>{children}</ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={onCancel}>
            Cancel
          </Button>
          <Button appearance="danger" onClick={onConfirm} isDisabled={busy === true} testId="confirm">
            {confirmLabel}
          </Button>
        </ModalFooter>
      </Modal>
    </ModalTransition>
  );
}
