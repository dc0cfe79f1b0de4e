/**
 * Assets tab: which Assets object fields and attributes the panel shows, and the AQL template behind the
 * panel's search, with the backend's validation errors and a live preview against a chosen ticket.
 */
import {
  Button,
  CheckboxGroup,
  Code,
  Heading,
  Inline,
  Label,
  SectionMessage,
  Stack,
  Tag,
  TagGroup,
  Text,
  TextArea,
  Textfield,
} from '@forge/react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { AssetSummary, ProjectConfig, Versioned } from '../../domain/contract';
import { type ApiError, call, fieldError } from '../api';
import { ErrorBanner, FieldError, Success } from '../components';
import { splitList } from '../format';
import { AssetObject } from '../panel/assets';
import { type AdminConfig, configFor, placeholdersOf } from './model';
import { ProjectPicker } from './project-picker';

interface Props {
  readonly admin: AdminConfig;
  readonly projectKey: string | undefined;
  readonly onProject: (key: string) => void;
  readonly onSaved: (config: Versioned<ProjectConfig>) => void;
  /** Loads the page's data again (offered when a save was refused because someone else saved first). */
  readonly onReload: () => void;
}

interface Draft {
  readonly fieldIds: string[];
  readonly attributes: string;
  readonly template: string;
}

const draftOf = (c: ProjectConfig): Draft => ({
  fieldIds: [...c.assets.fieldIds],
  attributes: c.assets.attributeNames.join(', '),
  template: c.assets.aqlTemplate ?? '',
});

export function AssetsTab({ admin, projectKey, onProject, onSaved, onReload }: Props): ReactNode {
  const [fields, setFields] = useState<readonly { fieldId: string; name: string }[] | undefined>();
  const [discovering, setDiscovering] = useState(false);
  const [draft, setDraft] = useState<Draft | undefined>(
    projectKey ? draftOf(configFor(admin, projectKey)) : undefined,
  );
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the project changes
  useEffect(() => {
    setDraft(projectKey ? draftOf(configFor(admin, projectKey)) : undefined);
    setError(undefined);
    setSaved(false);
  }, [projectKey]);

  const discover = async () => {
    setDiscovering(true);
    setError(undefined);
    const result = await call('discoverAssetFields', {});
    setDiscovering(false);
    if (result.ok) setFields(result.data);
    else setError(result.error);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: discover once when the tab opens
  useEffect(() => {
    void discover();
  }, []);

  const save = async () => {
    if (!projectKey || !draft) return;
    setBusy(true);
    setError(undefined);
    setSaved(false);
    const base = configFor(admin, projectKey);
    const template = draft.template.trim();
    const result = await call('saveProjectConfig', {
      ...base,
      assets: {
        fieldIds: draft.fieldIds,
        attributeNames: splitList(draft.attributes),
        aqlTemplate: template ? template : null,
      },
    });
    setBusy(false);
    if (result.ok) {
      onSaved(result.data);
      setSaved(true);
    } else setError(result.error);
  };

  const knownFields = [
    ...(fields ?? []),
    ...(draft?.fieldIds ?? [])
      .filter((id) => !(fields ?? []).some((f) => f.fieldId === id))
      .map((id) => ({ fieldId: id, name: id })),
  ];

  return (
    <Stack space="space.250">
      <ProjectPicker admin={admin} projectKey={projectKey} onProject={onProject} testId="assets-project" />
      {!projectKey || !draft ? (
        <Text color="color.text.subtlest">Choose a project to configure its Assets fields.</Text>
      ) : (
        <Stack space="space.250">
          <Stack space="space.100">
            <Inline space="space.100" alignBlock="center">
              <Heading size="xsmall">Assets object fields</Heading>
              <Button
                spacing="compact"
                appearance="subtle"
                onClick={() => void discover()}
                isDisabled={discovering}
              >
                {discovering ? 'Discovering…' : 'Discover fields'}
              </Button>
            </Inline>
            {knownFields.length === 0 ? (
              <Text color="color.text.subtlest">
                {discovering
                  ? 'Looking for Assets object fields…'
                  : 'No Assets object fields were found on this site.'}
              </Text>
            ) : (
              <CheckboxGroup
                name="fieldIds"
                value={draft.fieldIds}
                options={knownFields.map((f) => ({
                  value: f.fieldId,
                  label: f.name === f.fieldId ? f.fieldId : `${f.name} (${f.fieldId})`,
                }))}
                onChange={(values: string[]) => setDraft({ ...draft, fieldIds: values })}
              />
            )}
            <FieldError error={error} field="fieldIds" />
          </Stack>
          <Stack space="space.050">
            <Label labelFor="asset-attributes">Attributes to show (comma-separated)</Label>
            <Textfield
              id="asset-attributes"
              testId="asset-attributes"
              placeholder="e.g. Serial number, Model, Owner"
              value={draft.attributes}
              onChange={(e) => setDraft({ ...draft, attributes: e.target.value })}
            />
            <FieldError error={error} field="attributeNames" />
          </Stack>
          <Stack space="space.050">
            <Label labelFor="aql-template">AQL template for the panel's search</Label>
            <TextArea
              id="aql-template"
              testId="aql-template"
              isMonospaced
              minimumRows={3}
              placeholder={`objectType = "Laptop" AND Name like \${search}`}
              value={draft.template}
              isInvalid={Boolean(fieldError(error, 'aqlTemplate'))}
              onChange={(e) => setDraft({ ...draft, template: e.target.value })}
            />
            <Text size="small" color="color.text.subtlest">
              {`Placeholders go in value positions only: \${search} (what the agent types), \${issue.key}, \${reporter.email}, … Leave empty to switch search off.`}
            </Text>
            <FieldError error={error} field="aqlTemplate" />
          </Stack>
          {error && !error.fields?.length ? (
            <ErrorBanner error={error} testId="assets-error" onReload={onReload} />
          ) : null}
          {saved ? <Success testId="assets-saved">Saved.</Success> : null}
          <Inline>
            <Button appearance="primary" onClick={() => void save()} isDisabled={busy} testId="assets-save">
              {busy ? 'Saving…' : 'Save Assets settings'}
            </Button>
          </Inline>
          <AqlPreview projectKey={projectKey} template={draft.template} />
        </Stack>
      )}
    </Stack>
  );
}

function AqlPreview({ projectKey, template }: { projectKey: string; template: string }): ReactNode {
  const [issueKey, setIssueKey] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [preview, setPreview] = useState<
    { query: string; placeholders: readonly string[]; results: readonly AssetSummary[] } | undefined
  >();
  const latest = useRef(0);

  // Live: re-run shortly after the template, the ticket or the search text change.
  useEffect(() => {
    const key = issueKey.trim().toUpperCase();
    if (!key || !template.trim()) {
      setPreview(undefined);
      setError(undefined);
      return;
    }
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      setBusy(true);
      const result = await call('previewAql', { projectKey, issueKey: key, template, text });
      if (ticket !== latest.current) return;
      setBusy(false);
      if (result.ok) {
        setPreview(result.data);
        setError(undefined);
      } else {
        setPreview(undefined);
        setError(result.error);
      }
    }, 500);
    return () => clearTimeout(timer);
  }, [projectKey, issueKey, template, text]);

  const placeholders = preview?.placeholders ?? placeholdersOf(template);
  return (
    <Stack space="space.100" testId="aql-preview">
      <Heading size="xsmall">Live preview</Heading>
      <Inline space="space.150" shouldWrap alignBlock="end">
        <Stack space="space.050">
          <Label labelFor="preview-issue">Ticket</Label>
          <Textfield
            id="preview-issue"
            testId="preview-issue"
            placeholder={`${projectKey}-1`}
            width={140}
            value={issueKey}
            onChange={(e) => setIssueKey(e.target.value)}
          />
        </Stack>
        <Stack space="space.050">
          <Label labelFor="preview-text">Agent's search text</Label>
          <Textfield
            id="preview-text"
            testId="preview-text"
            placeholder="e.g. dell"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </Stack>
        {busy ? <Text color="color.text.subtlest">Running…</Text> : null}
      </Inline>
      {placeholders.length > 0 ? (
        <TagGroup>
          {placeholders.map((p) => (
            <Tag key={p} text={`\${${p}}`} />
          ))}
        </TagGroup>
      ) : null}
      {error ? (
        <SectionMessage appearance="error" title="The template doesn't work yet" testId="aql-preview-error">
          <Stack space="space.050">
            <Text>{error.message}</Text>
            {(error.fields ?? []).map((f) => (
              <Text key={`${f.path}-${f.message}`} size="small">{`${f.path}: ${f.message}`}</Text>
            ))}
          </Stack>
        </SectionMessage>
      ) : null}
      {preview ? (
        <Stack space="space.100">
          <Text size="small" color="color.text.subtle">
            Query sent to Assets
          </Text>
          <Code>{preview.query}</Code>
          <Text size="small" color="color.text.subtle">{`${preview.results.length} object(s) found`}</Text>
          {preview.results.slice(0, 10).map((o) => (
            <AssetObject key={o.objectId} object={o} />
          ))}
        </Stack>
      ) : !error ? (
        <Text size="small" color="color.text.subtlest">
          Enter a ticket key to see the query and what the agent would find.
        </Text>
      ) : null}
    </Stack>
  );
}
