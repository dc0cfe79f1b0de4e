/**
 * The reply box: internal note by default; a public reply asks for confirmation first. Canned responses insert
 * their body; Preview renders `{{variables}}` on the server and lists the unknown ones. "Manage" opens the
 * canned-response manager (`./canned.tsx`); "Save as my response" opens it on a new personal response with the
 * reply's text. Saved and deleted responses update the Select at once (from the resolver's answer).
 */
import {
  Box,
  Button,
  ButtonGroup,
  Inline,
  Lozenge,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  SectionMessage,
  Select,
  Stack,
  Text,
  TextArea,
  xcss,
} from '@forge/react';
import { type ReactNode, useState } from 'react';
import type { CannedResponse } from '../../domain/contract';
import { type ApiError, call } from '../api';
import { ErrorBanner, Success } from '../components';
import { hasVariables, insertBody } from '../format';
import { type CannedDraft, CannedManager } from './canned';

type Visibility = 'internal' | 'public';

const internalBox = xcss({
  backgroundColor: 'color.background.accent.yellow.subtlest',
  borderRadius: 'radius.small',
  padding: 'space.100',
});
const publicBox = xcss({
  backgroundColor: 'color.background.accent.blue.subtlest',
  borderRadius: 'radius.small',
  padding: 'space.100',
});
const previewBox = xcss({
  backgroundColor: 'color.background.neutral',
  borderRadius: 'radius.small',
  padding: 'space.100',
});
const cannedBox = xcss({ minWidth: '220px' });

interface ReplyProps {
  readonly issueKey: string;
  readonly projectKey: string;
  readonly canned: readonly CannedResponse[];
  /** Some list has more responses than the panel loaded so far. */
  readonly cannedHasMore: boolean;
  readonly cannedCap: number;
  readonly onLoadMoreCanned: () => Promise<ApiError | undefined>;
  readonly canComment: boolean;
  /** The agent administers the ticket's project (`permissions.manageProjectCanned`). */
  readonly canManageProjectCanned: boolean;
  readonly onCannedSaved: (canned: CannedResponse) => void;
  readonly onCannedDeleted: (id: string) => void;
}

export function Reply({
  issueKey,
  projectKey,
  canned,
  cannedHasMore,
  cannedCap,
  onLoadMoreCanned,
  canComment,
  canManageProjectCanned,
  onCannedSaved,
  onCannedDeleted,
}: ReplyProps): ReactNode {
  const [visibility, setVisibility] = useState<Visibility>('internal');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<{ text: string; unknownVariables: readonly string[] } | undefined>();
  const [busy, setBusy] = useState<'preview' | 'send' | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [sent, setSent] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [cannedKey, setCannedKey] = useState(0);
  const [moreError, setMoreError] = useState<ApiError | undefined>();
  /** The canned-response manager: closed, open on its lists, or open on a new response. */
  const [managing, setManaging] = useState<{ draft?: CannedDraft } | undefined>();

  if (!canComment) {
    return <Text color="color.text.subtlest">You can't comment on this ticket.</Text>;
  }

  const edit = (value: string) => {
    setText(value);
    setPreview(undefined);
    setSent(undefined);
  };

  const runPreview = async () => {
    setBusy('preview');
    setError(undefined);
    const result = await call('previewReply', { issueKey, text });
    setBusy(undefined);
    if (result.ok) setPreview(result.data);
    else setError(result.error);
    return result;
  };

  const send = async () => {
    setConfirming(false);
    setBusy('send');
    setError(undefined);
    setSent(undefined);
    // The backend renders `{{variables}}` when it sends (values are never re-scanned), so the raw text goes out;
    // a quick render first catches unknown variables, which would otherwise reach the ticket as typed.
    if (hasVariables(text)) {
      const rendered = await call('previewReply', { issueKey, text });
      if (!rendered.ok) {
        setBusy(undefined);
        setError(rendered.error);
        return;
      }
      if (rendered.data.unknownVariables.length > 0) {
        setBusy(undefined);
        setPreview(rendered.data);
        setError({
          code: 'UNKNOWN_VARIABLES',
          message: `Replace or remove the unknown variables before sending: ${rendered.data.unknownVariables
            .map((v) => `{{${v}}}`)
            .join(', ')}`,
        });
        return;
      }
    }
    const result = await call('sendReply', {
      issueKey,
      text,
      visibility,
      ...(visibility === 'public' ? { confirmPublic: true } : {}),
    });
    setBusy(undefined);
    if (result.ok) {
      setText('');
      setPreview(undefined);
      setSent(visibility === 'internal' ? 'Internal note added.' : 'Reply sent to the customer.');
    } else setError(result.error);
  };

  const onSend = () => {
    if (visibility === 'public') setConfirming(true);
    else void send();
  };

  const empty = !text.trim();
  return (
    <Stack space="space.100">
      <Inline space="space.200" alignBlock="center" spread="space-between" shouldWrap>
        <ButtonGroup label="Reply visibility">
          <Button
            testId="mode-internal"
            isSelected={visibility === 'internal'}
            onClick={() => setVisibility('internal')}
          >
            Internal note
          </Button>
          <Button
            testId="mode-public"
            isSelected={visibility === 'public'}
            onClick={() => setVisibility('public')}
          >
            Reply to customer
          </Button>
        </ButtonGroup>
        <Inline space="space.100" alignBlock="center">
          {canned.length > 0 ? (
            <Box xcss={cannedBox}>
              <Select
                key={`canned-${cannedKey}`}
                testId="canned-select"
                inputId="canned"
                placeholder="Insert canned response…"
                options={canned.map((c) => ({
                  value: c.id,
                  label: c.scope === 'personal' ? c.title : `${c.title} (${c.scope})`,
                }))}
                onChange={(option: { value: string } | null) => {
                  const picked = canned.find((c) => c.id === option?.value);
                  if (picked) edit(insertBody(text, picked.body));
                  setCannedKey((k) => k + 1); // back to the placeholder, so the same response can be inserted again
                }}
              />
            </Box>
          ) : null}
          {cannedHasMore ? (
            <Button
              appearance="subtle"
              testId="canned-more"
              onClick={async () => setMoreError(await onLoadMoreCanned())}
            >
              Load more
            </Button>
          ) : null}
          <Button appearance="subtle" testId="canned-manage" onClick={() => setManaging({})}>
            Manage
          </Button>
        </Inline>
      </Inline>
      {moreError ? <ErrorBanner error={moreError} /> : null}
      {cannedHasMore ? (
        <Text size="small" color="color.text.subtle" testId="canned-cap">
          {`Showing ${canned.length} canned responses; load more to see the rest. TechDesk keeps at most ${cannedCap} per list.`}
        </Text>
      ) : null}
      <Box xcss={visibility === 'internal' ? internalBox : publicBox}>
        <Stack space="space.075">
          <Inline space="space.100" alignBlock="center">
            <Lozenge appearance={visibility === 'internal' ? 'moved' : 'inprogress'} testId="visibility">
              {visibility === 'internal' ? 'Internal' : 'Public'}
            </Lozenge>
            <Text size="small" color="color.text.subtle">
              {visibility === 'internal'
                ? 'Only your team sees internal notes.'
                : 'The customer will be notified and can see this reply.'}
            </Text>
          </Inline>
          <TextArea
            testId="reply-text"
            id="reply-text"
            placeholder={visibility === 'internal' ? 'Add an internal note…' : 'Reply to the customer…'}
            value={text}
            minimumRows={4}
            onChange={(e) => edit(e.target.value)}
          />
        </Stack>
      </Box>
      {preview ? (
        <Stack space="space.075" testId="reply-preview">
          <Text size="small" weight="semibold" color="color.text.subtle">
            Preview
          </Text>
          <Box xcss={previewBox}>
            <Text>{preview.text}</Text>
          </Box>
          {preview.unknownVariables.length > 0 ? (
            <SectionMessage appearance="warning" title="Unknown variables" testId="unknown-variables">
              <Text>
                {`These stay as typed: ${preview.unknownVariables.map((v) => `{{${v}}}`).join(', ')}`}
              </Text>
            </SectionMessage>
          ) : null}
        </Stack>
      ) : null}
      <ErrorBanner error={error} testId="reply-error" />
      {sent ? <Success testId="reply-sent">{sent}</Success> : null}
      <Inline space="space.100" alignInline="end">
        <Button
          testId="canned-save-from-reply"
          appearance="subtle"
          isDisabled={empty}
          onClick={() => setManaging({ draft: { scope: 'personal', title: '', body: text } })}
        >
          Save as my response
        </Button>
        <Button
          testId="reply-preview-button"
          appearance="subtle"
          isDisabled={empty || busy !== undefined}
          onClick={() => void runPreview()}
        >
          {busy === 'preview' ? 'Rendering…' : 'Preview'}
        </Button>
        <Button
          testId="reply-send"
          appearance={visibility === 'internal' ? 'primary' : 'warning'}
          isDisabled={empty || busy !== undefined}
          onClick={onSend}
        >
          {busy === 'send'
            ? 'Sending…'
            : visibility === 'internal'
              ? 'Add internal note'
              : 'Send to customer…'}
        </Button>
      </Inline>
      <ModalTransition>
        {managing ? (
          <CannedManager
            issueKey={issueKey}
            projectKey={projectKey}
            canManageProject={canManageProjectCanned}
            canned={canned}
            initialDraft={managing.draft}
            onSaved={onCannedSaved}
            onDeleted={onCannedDeleted}
            onClose={() => setManaging(undefined)}
          />
        ) : null}
      </ModalTransition>
      <ModalTransition>
        {confirming ? (
          <Modal onClose={() => setConfirming(false)} testId="confirm-public" width="small">
            <ModalHeader>
              <ModalTitle appearance="warning">Send a public reply?</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Text>
                The customer will be notified and can see this reply on the portal. Internal notes stay with
                your team.
              </Text>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setConfirming(false)} testId="confirm-public-cancel">
                Cancel
              </Button>
              <Button appearance="warning" onClick={() => void send()} testId="confirm-public-send">
                Send to customer
              </Button>
            </ModalFooter>
          </Modal>
        ) : null}
      </ModalTransition>
    </Stack>
  );
}
