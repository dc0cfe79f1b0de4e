/** Canned responses tab: global and project responses, created, edited and deleted by app admins. */
import {
  Button,
  DynamicTable,
  Inline,
  Label,
  Lozenge,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  Select,
  Stack,
  Text,
  TextArea,
  Textfield,
} from '@forge/react';
import { type ReactNode, useState } from 'react';
import type { CannedPage, CannedResponse } from '../../domain/contract';
import { type ApiError, call } from '../api';
import { ErrorBanner, FieldError, Success } from '../components';
import { truncate } from '../format';
import type { AdminConfig } from './model';

type Scope = 'global' | 'project';
interface Draft {
  id?: string;
  /** The version the edit started from; a stale one is refused with CONFLICT. */
  version?: number;
  scope: Scope;
  projectKey?: string;
  title: string;
  body: string;
}

const SCOPES: { value: Scope; label: string }[] = [
  { value: 'global', label: 'Global — every TechDesk project' },
  { value: 'project', label: 'One project' },
];

interface Props {
  readonly admin: AdminConfig;
  readonly onSaved: (canned: CannedResponse) => void;
  readonly onDeleted: (id: string) => void;
  /** A further page of one list was loaded. */
  readonly onPage: (scope: Scope, page: CannedPage) => void;
  /** Loads the page's data again (offered when a save or delete was refused because of someone else's change). */
  readonly onReload: () => void;
}

export function CannedTab({ admin, onSaved, onDeleted, onPage, onReload }: Props): ReactNode {
  const [draft, setDraft] = useState<Draft | undefined>();
  const [deleting, setDeleting] = useState<CannedResponse | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const remove = async (c: CannedResponse) => {
    setDeleting(undefined);
    setError(undefined);
    const result = await call('deleteCannedResponse', { id: c.id, version: c.version });
    if (result.ok) {
      onDeleted(c.id);
      setNotice(`Deleted “${c.title}”.`);
    } else setError(result.error);
  };

  const list = admin.canned.filter((c) => c.scope !== 'personal');
  const more = (['project', 'global'] as const).filter((s) => admin.cannedMore[s]);
  const loadMore = async () => {
    setError(undefined);
    for (const scope of more) {
      const result = await call('listCannedResponses', {
        scope,
        cursor: admin.cannedMore[scope] ?? undefined,
      });
      if (!result.ok) return setError(result.error);
      onPage(scope, result.data);
    }
  };
  return (
    <Stack space="space.200">
      <Inline spread="space-between" alignBlock="center">
        <Text color="color.text.subtle">
          {
            'Agents insert these into replies. Variables such as {{reporter.displayName}}, {{issue.key}} and {{agent.displayName}} are filled in when the reply is previewed or sent.'
          }
        </Text>
        <Button
          appearance="primary"
          testId="canned-new"
          onClick={() => {
            setNotice(undefined);
            setDraft({ scope: 'global', title: '', body: '' });
          }}
        >
          New response
        </Button>
      </Inline>
      <ErrorBanner error={error} testId="canned-error" onReload={onReload} />
      {notice ? <Success testId="canned-notice">{notice}</Success> : null}
      <DynamicTable
        testId="canned-table"
        rowsPerPage={10}
        emptyView={<Text color="color.text.subtlest">No canned responses yet.</Text>}
        head={{
          cells: [
            { key: 'title', content: 'Title', isSortable: true },
            { key: 'scope', content: 'Scope', isSortable: true },
            { key: 'body', content: 'Text' },
            { key: 'actions', content: '' },
          ],
        }}
        rows={list.map((c) => ({
          key: c.id,
          cells: [
            { key: c.title, content: c.title },
            {
              key: `${c.scope}${c.projectKey ?? ''}`,
              content: (
                <Lozenge appearance={c.scope === 'global' ? 'new' : 'inprogress'}>
                  {c.scope === 'project' ? `project ${c.projectKey ?? ''}` : c.scope}
                </Lozenge>
              ),
            },
            { key: 'body', content: truncate(c.body.replace(/\s+/g, ' '), 90) },
            {
              key: 'actions',
              content: (
                <Inline space="space.050">
                  <Button
                    spacing="compact"
                    appearance="subtle"
                    onClick={() => {
                      setNotice(undefined);
                      setDraft({
                        id: c.id,
                        version: c.version,
                        scope: c.scope === 'project' ? 'project' : 'global',
                        ...(c.projectKey ? { projectKey: c.projectKey } : {}),
                        title: c.title,
                        body: c.body,
                      });
                    }}
                  >
                    Edit
                  </Button>
                  <Button spacing="compact" appearance="subtle" onClick={() => setDeleting(c)}>
                    Delete
                  </Button>
                </Inline>
              ),
            },
          ],
        }))}
      />
      {more.length > 0 ? (
        <Inline space="space.100" alignBlock="center">
          <Button testId="canned-more" onClick={() => void loadMore()}>
            Load more
          </Button>
          <Text color="color.text.subtle" testId="canned-cap">
            {`Showing ${list.length} canned responses; there are more. TechDesk keeps at most ${admin.cannedCap} per project and ${admin.cannedCap} global ones.`}
          </Text>
        </Inline>
      ) : null}
      <ModalTransition>
        {draft ? (
          <CannedEditor
            admin={admin}
            initial={draft}
            onReload={() => {
              setDraft(undefined);
              onReload();
            }}
            onClose={() => setDraft(undefined)}
            onSaved={(c) => {
              onSaved(c);
              setDraft(undefined);
              setNotice(`Saved “${c.title}”.`);
            }}
          />
        ) : null}
        {deleting ? (
          <Modal onClose={() => setDeleting(undefined)} width="small">
            <ModalHeader>
              <ModalTitle appearance="danger">Delete “{deleting.title}”?</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Text>Agents will no longer see this response. Replies already sent are not changed.</Text>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setDeleting(undefined)}>
                Cancel
              </Button>
              <Button
                appearance="danger"
                onClick={() => void remove(deleting)}
                testId="canned-delete-confirm"
              >
                Delete
              </Button>
            </ModalFooter>
          </Modal>
        ) : null}
      </ModalTransition>
    </Stack>
  );
}

function CannedEditor({
  admin,
  initial,
  onClose,
  onSaved,
  onReload,
}: {
  admin: AdminConfig;
  initial: Draft;
  onReload: () => void;
  onClose: () => void;
  onSaved: (canned: CannedResponse) => void;
}): ReactNode {
  const [draft, setDraft] = useState<Draft>(initial);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(undefined);
    const result = await call('saveCannedResponse', {
      ...(draft.id ? { id: draft.id, version: draft.version ?? 0 } : {}),
      scope: draft.scope,
      ...(draft.scope === 'project' && draft.projectKey ? { projectKey: draft.projectKey } : {}),
      title: draft.title.trim(),
      body: draft.body,
    });
    setBusy(false);
    if (result.ok) onSaved(result.data);
    else setError(result.error);
  };

  const projectOption = (key: string) => {
    const p = admin.projects.find((x) => x.key === key);
    return { value: key, label: p ? `${p.name} (${p.key})` : key };
  };

  return (
    <Modal onClose={onClose} width="medium" testId="canned-editor">
      <ModalHeader>
        <ModalTitle>{draft.id ? 'Edit canned response' : 'New canned response'}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.100">
          <Label labelFor="canned-scope">Who can use it</Label>
          <Select
            inputId="canned-scope"
            testId="canned-scope"
            value={SCOPES.find((s) => s.value === draft.scope) ?? null}
            options={SCOPES}
            onChange={(o: { value: Scope } | null) => o && setDraft({ ...draft, scope: o.value })}
          />
          <FieldError error={error} field="scope" />
          {draft.scope === 'project' ? (
            <>
              <Label labelFor="canned-project">Project</Label>
              <Select
                inputId="canned-project"
                testId="canned-project"
                placeholder="Choose a project"
                value={draft.projectKey ? projectOption(draft.projectKey) : null}
                options={admin.projects.map((p) => projectOption(p.key))}
                onChange={(o: { value: string } | null) => o && setDraft({ ...draft, projectKey: o.value })}
              />
              <FieldError error={error} field="projectKey" />
            </>
          ) : null}
          <Label labelFor="canned-title">Title</Label>
          <Textfield
            id="canned-title"
            testId="canned-title"
            value={draft.title}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
          />
          <FieldError error={error} field="title" />
          <Label labelFor="canned-body">Text</Label>
          <TextArea
            id="canned-body"
            testId="canned-body"
            minimumRows={6}
            value={draft.body}
            onChange={(e) => setDraft({ ...draft, body: e.target.value })}
          />
          <FieldError error={error} field="body" />
          {error && !error.fields?.length ? <ErrorBanner error={error} onReload={onReload} /> : null}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button appearance="primary" onClick={() => void save()} isDisabled={busy} testId="canned-save">
          {busy ? 'Saving…' : 'Save'}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
