/** Projects tab: enable TechDesk per project and choose the statuses in which the timer runs automatically. */
import {
  Button,
  CheckboxGroup,
  DynamicTable,
  Heading,
  Inline,
  Label,
  Lozenge,
  Stack,
  Text,
  Toggle,
} from '@forge/react';
import { type ReactNode, useEffect, useState } from 'react';
import type { ProjectConfig, Versioned } from '../../domain/contract';
import { type ApiError, call } from '../api';
import { ErrorBanner, FieldError, Success } from '../components';
import { type AdminConfig, configFor } from './model';
import { ProjectPicker } from './project-picker';

interface Props {
  readonly admin: AdminConfig;
  readonly projectKey: string | undefined;
  readonly onProject: (key: string) => void;
  readonly onSaved: (config: Versioned<ProjectConfig>) => void;
  /** Loads the page's data again (offered when a save was refused because someone else saved first). */
  readonly onReload: () => void;
}

export function ProjectsTab({ admin, projectKey, onProject, onSaved, onReload }: Props): ReactNode {
  const saved = projectKey ? configFor(admin, projectKey) : undefined;
  const [draft, setDraft] = useState<Versioned<ProjectConfig> | undefined>(saved);
  const [error, setError] = useState<ApiError | undefined>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  // A different project starts from its saved config.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the project changes
  useEffect(() => {
    setDraft(projectKey ? configFor(admin, projectKey) : undefined);
    setError(undefined);
    setDone(false);
  }, [projectKey]);

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setError(undefined);
    setDone(false);
    const result = await call('saveProjectConfig', draft);
    setBusy(false);
    if (result.ok) {
      onSaved(result.data);
      setDraft(result.data);
      setDone(true);
    } else setError(result.error);
  };

  const statusName = (id: string) => admin.statuses.find((s) => s.id === id)?.name ?? id;

  return (
    <Stack space="space.300">
      <DynamicTable
        testId="projects-table"
        head={{
          cells: [
            { key: 'project', content: 'Project' },
            { key: 'enabled', content: 'TechDesk' },
            { key: 'timer', content: 'Automatic timer in' },
            { key: 'assets', content: 'Assets search' },
          ],
        }}
        rows={admin.projects.map((p) => {
          const c = configFor(admin, p.key);
          return {
            key: p.key,
            cells: [
              { key: 'project', content: `${p.name} (${p.key})` },
              {
                key: 'enabled',
                content: (
                  <Lozenge appearance={c.enabled ? 'success' : 'default'}>{c.enabled ? 'on' : 'off'}</Lozenge>
                ),
              },
              {
                key: 'timer',
                content: c.activeStatusIds.length ? c.activeStatusIds.map(statusName).join(', ') : '—',
              },
              { key: 'assets', content: c.assets.aqlTemplate ? 'configured' : '—' },
            ],
          };
        })}
      />
      <Stack space="space.150">
        <Heading size="small">Configure a project</Heading>
        <ProjectPicker
          admin={admin}
          projectKey={projectKey}
          onProject={onProject}
          testId="projects-project"
        />
        {draft ? (
          <Stack space="space.150">
            <Inline space="space.100" alignBlock="center">
              <Toggle
                id="project-enabled"
                testId="project-enabled"
                label="Enable TechDesk"
                isChecked={draft.enabled}
                onChange={() => setDraft({ ...draft, enabled: !draft.enabled })}
              />
              <Label labelFor="project-enabled">Show the TechDesk panel on this project's tickets</Label>
            </Inline>
            <FieldError error={error} field="enabled" />
            <Stack space="space.050">
              <Text weight="semibold">Run the timer automatically while a ticket is in</Text>
              <Text size="small" color="color.text.subtlest">
                The agent's timer starts when their ticket enters one of these statuses and stops when it
                leaves. Choose none to switch the automatic timer off.
              </Text>
              <CheckboxGroup
                name="activeStatusIds"
                value={[...draft.activeStatusIds]}
                options={admin.statuses.map((s) => ({ value: s.id, label: s.name }))}
                onChange={(values: string[]) => setDraft({ ...draft, activeStatusIds: values })}
              />
              <FieldError error={error} field="activeStatusIds" />
            </Stack>
            <ErrorBanner error={error} testId="project-error" onReload={onReload} />
            {done ? <Success testId="project-saved">Saved.</Success> : null}
            <Inline>
              <Button
                appearance="primary"
                onClick={() => void save()}
                isDisabled={busy}
                testId="project-save"
              >
                {busy ? 'Saving…' : 'Save project'}
              </Button>
            </Inline>
          </Stack>
        ) : (
          <Text color="color.text.subtlest">Choose a project to configure.</Text>
        )}
      </Stack>
    </Stack>
  );
}
