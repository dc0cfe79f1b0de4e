/**
 * "Manage" canned responses from the Reply tab: the agent's personal responses (create, edit, delete) and — only
 * when `getPanel` said the agent administers the ticket's project (`permissions.manageProjectCanned`) — that
 * project's responses. One modal that switches between the lists, an editor (title, text, the `{{variables}}`
 * help and a server-rendered preview of this ticket via `previewReply`) and a delete confirmation.
 * Global responses stay on the admin page. The backend checks every save and delete again (personal: own ones
 * only; project: ADMINISTER_PROJECTS on that project, asked as the agent).
 */
import {
  Box,
  Button,
  Heading,
  Inline,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  SectionMessage,
  Stack,
  Text,
  TextArea,
  Textfield,
  xcss,
} from '@forge/react';
import { type ReactNode, useState } from 'react';
import { sortCanned } from '../../domain/canned';
import type { CannedResponse } from '../../domain/contract';
import { TEMPLATE_VARIABLES } from '../../domain/templates';
import { type ApiError, call } from '../api';
import { ErrorBanner, FieldError, Success } from '../components';
import { truncate } from '../format';

/** The scopes an agent can manage from the panel (global ones are the admin page's). */
export type PanelScope = 'personal' | 'project';

export interface CannedDraft {
  readonly id?: string;
  /** The version an edit was opened from: sent back so a stale edit is refused rather than overwriting. */
  readonly version?: number;
  readonly scope: PanelScope;
  readonly title: string;
  readonly body: string;
}

/** The panel's list after a save: the saved response replaces its old version, in the panel's order. */
export function withSaved(list: readonly CannedResponse[], saved: CannedResponse): CannedResponse[] {
  return sortCanned([...list.filter((c) => c.id !== saved.id), saved]);
}

const rowBox = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.small',
  padding: 'space.100',
});
const previewBox = xcss({
  backgroundColor: 'color.background.neutral',
  borderRadius: 'radius.small',
  padding: 'space.100',
});

const VARIABLES_HELP = Object.entries(TEMPLATE_VARIABLES)
  .map(([name, description]) => `{{${name}}} ${description}`)
  .join(' · ');

interface ManagerProps {
  readonly issueKey: string;
  readonly projectKey: string;
  readonly canManageProject: boolean;
  readonly canned: readonly CannedResponse[];
  /** Opens straight in the editor (e.g. "Save as my response" with the reply's text). */
  readonly initialDraft?: CannedDraft | undefined;
  readonly onSaved: (canned: CannedResponse) => void;
  readonly onDeleted: (id: string) => void;
  readonly onClose: () => void;
}

type View =
  | { readonly kind: 'list' }
  | { readonly kind: 'edit'; readonly draft: CannedDraft }
  | { readonly kind: 'delete'; readonly canned: CannedResponse };

export function CannedManager(props: ManagerProps): ReactNode {
  const { issueKey, projectKey, canManageProject, canned, onClose } = props;
  const [view, setView] = useState<View>(
    props.initialDraft ? { kind: 'edit', draft: props.initialDraft } : { kind: 'list' },
  );
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const personal = canned.filter((c) => c.scope === 'personal');
  const project = canned.filter((c) => c.scope === 'project' && c.projectKey === projectKey);

  const open = (next: View) => {
    setNotice(undefined);
    setError(undefined);
    setView(next);
  };

  const remove = async (c: CannedResponse) => {
    setBusy(true);
    setError(undefined);
    const result = await call('deleteCannedResponse', { id: c.id, version: c.version });
    setBusy(false);
    if (result.ok) {
      props.onDeleted(c.id);
      setView({ kind: 'list' });
      setNotice(`Deleted “${c.title}”.`);
    } else setError(result.error);
  };

  if (view.kind === 'edit') {
    return (
      <CannedEditor
        issueKey={issueKey}
        projectKey={projectKey}
        initial={view.draft}
        onCancel={() => open({ kind: 'list' })}
        onClose={onClose}
        onSaved={(saved) => {
          props.onSaved(saved);
          setView({ kind: 'list' });
          setError(undefined);
          setNotice(`Saved “${saved.title}”.`);
        }}
      />
    );
  }

  if (view.kind === 'delete') {
    const c = view.canned;
    return (
      <Modal onClose={onClose} width="small" testId="canned-manager">
        <ModalHeader>
          <ModalTitle appearance="danger">{`Delete “${c.title}”?`}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <Stack space="space.100">
            <Text>
              {c.scope === 'project'
                ? `Agents of ${c.projectKey ?? projectKey} will no longer see this response. Replies already sent are not changed.`
                : 'You will no longer see this response. Replies already sent are not changed.'}
            </Text>
            <ErrorBanner error={error} testId="canned-error" />
          </Stack>
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={() => open({ kind: 'list' })} testId="canned-delete-cancel">
            Cancel
          </Button>
          <Button
            appearance="danger"
            isDisabled={busy}
            onClick={() => void remove(c)}
            testId="canned-delete-confirm"
          >
            {busy ? 'Deleting…' : 'Delete'}
          </Button>
        </ModalFooter>
      </Modal>
    );
  }

  const section = (scope: PanelScope, title: string, hint: string, list: readonly CannedResponse[]) => (
    <Stack space="space.100" testId={`canned-section-${scope}`}>
      <Inline spread="space-between" alignBlock="center">
        <Heading size="xsmall">{title}</Heading>
        <Button
          spacing="compact"
          testId={`canned-new-${scope}`}
          onClick={() => open({ kind: 'edit', draft: { scope, title: '', body: '' } })}
        >
          New response
        </Button>
      </Inline>
      <Text size="small" color="color.text.subtle">
        {hint}
      </Text>
      {list.length === 0 ? (
        <Text color="color.text.subtlest">None yet.</Text>
      ) : (
        list.map((c) => (
          <Box xcss={rowBox} key={c.id} testId={`canned-row-${c.id}`}>
            <Inline spread="space-between" alignBlock="center" space="space.100">
              <Stack space="space.025">
                <Text weight="semibold">{c.title}</Text>
                <Text size="small" color="color.text.subtle">
                  {truncate(c.body.replace(/\s+/g, ' '), 90)}
                </Text>
              </Stack>
              <Inline space="space.050">
                <Button
                  spacing="compact"
                  appearance="subtle"
                  testId={`canned-edit-${c.id}`}
                  onClick={() =>
                    open({
                      kind: 'edit',
                      draft: { id: c.id, version: c.version, scope, title: c.title, body: c.body },
                    })
                  }
                >
                  Edit
                </Button>
                <Button
                  spacing="compact"
                  appearance="subtle"
                  testId={`canned-delete-${c.id}`}
                  onClick={() => open({ kind: 'delete', canned: c })}
                >
                  Delete
                </Button>
              </Inline>
            </Inline>
          </Box>
        ))
      )}
    </Stack>
  );

  return (
    <Modal onClose={onClose} width="medium" testId="canned-manager">
      <ModalHeader>
        <ModalTitle>Canned responses</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.200">
          {notice ? <Success testId="canned-notice">{notice}</Success> : null}
          <ErrorBanner error={error} testId="canned-error" />
          {section('personal', 'My responses', 'Only you see these.', personal)}
          {canManageProject
            ? section(
                'project',
                `Project ${projectKey}`,
                `Every agent of ${projectKey} sees these. You can change them because you administer the project.`,
                project,
              )
            : null}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose} testId="canned-manager-close">
          Close
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function CannedEditor({
  issueKey,
  projectKey,
  initial,
  onCancel,
  onClose,
  onSaved,
}: {
  issueKey: string;
  projectKey: string;
  initial: CannedDraft;
  onCancel: () => void;
  onClose: () => void;
  onSaved: (canned: CannedResponse) => void;
}): ReactNode {
  const [title, setTitle] = useState(initial.title);
  const [body, setBody] = useState(initial.body);
  const [preview, setPreview] = useState<{ text: string; unknownVariables: readonly string[] } | undefined>();
  const [busy, setBusy] = useState<'save' | 'preview' | undefined>();
  const [error, setError] = useState<ApiError | undefined>();

  const save = async () => {
    setBusy('save');
    setError(undefined);
    const result =
      initial.scope === 'project'
        ? await call('saveCannedResponse', {
            ...(initial.id ? { id: initial.id, version: initial.version ?? 0 } : {}),
            scope: 'project',
            projectKey,
            title: title.trim(),
            body,
          })
        : await call('saveCannedResponse', {
            ...(initial.id ? { id: initial.id, version: initial.version ?? 0 } : {}),
            scope: 'personal',
            title: title.trim(),
            body,
          });
    setBusy(undefined);
    if (result.ok) onSaved(result.data);
    else setError(result.error);
  };

  const runPreview = async () => {
    setBusy('preview');
    setError(undefined);
    const result = await call('previewReply', { issueKey, text: body });
    setBusy(undefined);
    if (result.ok) setPreview(result.data);
    else setError(result.error);
  };

  const what = initial.scope === 'project' ? `${projectKey} project response` : 'personal response';
  return (
    <Modal onClose={onClose} width="medium" testId="canned-manager">
      <ModalHeader>
        <ModalTitle>{initial.id ? `Edit ${what}` : `New ${what}`}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.100" testId="canned-editor">
          <Label labelFor="canned-title">Title</Label>
          <Textfield
            id="canned-title"
            testId="canned-title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <FieldError error={error} field="title" />
          <Label labelFor="canned-body">Text</Label>
          <TextArea
            id="canned-body"
            testId="canned-body"
            minimumRows={6}
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              setPreview(undefined);
            }}
          />
          <FieldError error={error} field="body" />
          {preview ? (
            <Stack space="space.075" testId="canned-preview">
              <Text size="small" weight="semibold" color="color.text.subtle">
                {`Preview on ${issueKey}`}
              </Text>
              <Box xcss={previewBox}>
                <Text>{preview.text}</Text>
              </Box>
              {preview.unknownVariables.length > 0 ? (
                <SectionMessage
                  appearance="warning"
                  title="Unknown variables"
                  testId="canned-unknown-variables"
                >
                  <Text>
                    {`These stay as typed: ${preview.unknownVariables.map((v) => `{{${v}}}`).join(', ')}`}
                  </Text>
                </SectionMessage>
              ) : null}
            </Stack>
          ) : null}
          <Text size="small" color="color.text.subtle" testId="canned-variables">
            {`Variables, filled in for the ticket when the reply is previewed or sent: ${VARIABLES_HELP}. Write \\{{ for a literal {{.`}
          </Text>
          {error && !error.fields?.length ? <ErrorBanner error={error} testId="canned-error" /> : null}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onCancel} testId="canned-cancel">
          Back
        </Button>
        <Button
          appearance="subtle"
          onClick={() => void runPreview()}
          isDisabled={!body.trim() || busy !== undefined}
          testId="canned-preview-button"
        >
          {busy === 'preview' ? 'Rendering…' : 'Preview'}
        </Button>
        <Button
          appearance="primary"
          onClick={() => void save()}
          isDisabled={!title.trim() || !body.trim() || busy !== undefined}
          testId="canned-save"
        >
          {busy === 'save' ? 'Saving…' : 'Save'}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
