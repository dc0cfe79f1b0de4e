/**
 * Phases: every status of the configured projects maps to a dispatch phase. "Detect statuses" lists the
 * projects' statuses (suggesting a phase for new ones from their category); the health check lists unmapped
 * statuses and other setup gaps.
 */
import { Button, DynamicTable, Heading, Inline, Lozenge, Select, Stack, Text } from '@forge/react';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { Phase } from '../../domain/contract';
import { type ApiError, call } from '../api';
import { PHASE_LABEL, PHASES } from '../console/model';
import { ErrorBanner, Loading, Success } from './components';
import { type ConfigTabProps, useSaveConfig } from './save';

interface Status {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly suggestedPhase?: Phase;
}
type Health = readonly { level: 'ok' | 'warning' | 'error'; message: string }[];

const OPTIONS = PHASES.map((p) => ({ label: PHASE_LABEL[p], value: p }));

/** A first guess for a status nobody mapped yet, from its category and name. */
export function suggestPhase(status: Status): Phase {
  const name = status.name.toLowerCase();
  const category = status.category.toLowerCase();
  if (category === 'done' || /done|resolved|closed|complete/.test(name)) return 'done';
  if (/on site|onsite|arrived/.test(name)) return 'on-site';
  if (/travel|en route|on the way/.test(name)) return 'travelling';
  if (/pause|hold|waiting/.test(name)) return 'paused';
  if (/dispatch|assigned|scheduled/.test(name)) return 'assigned';
  if (category === 'indeterminate' || category === 'in progress') return 'assigned';
  return 'planned';
}

export function PhasesTab(props: ConfigTabProps): ReactNode {
  const { config } = props;
  const state = useSaveConfig(props);
  const [mapping, setMapping] = useState<Record<string, Phase>>({ ...config.phaseByStatus });
  const [statuses, setStatuses] = useState<readonly Status[] | undefined>();
  const [detecting, setDetecting] = useState(false);
  const [detectError, setDetectError] = useState<ApiError | undefined>();
  const [health, setHealth] = useState<Health | undefined>();
  const [healthError, setHealthError] = useState<ApiError | undefined>();

  const detect = async () => {
    setDetecting(true);
    setDetectError(undefined);
    const result = await call('detectStatuses', { projectKeys: config.projectKeys });
    setDetecting(false);
    if (!result.ok) return setDetectError(result.error);
    setStatuses(result.data);
    setMapping((m) => {
      const next = { ...m };
      for (const s of result.data) next[s.id] ??= s.suggestedPhase ?? suggestPhase(s);
      return next;
    });
    state.touch();
  };

  const runHealth = useCallback(async () => {
    setHealth(undefined);
    setHealthError(undefined);
    const result = await call('healthCheck', {});
    if (result.ok) setHealth(result.data);
    else setHealthError(result.error);
  }, []);
  // The health check reflects the saved configuration: run it when the tab opens and after each save.
  useEffect(() => {
    void config;
    void runHealth();
  }, [runHealth, config]);

  const known = new Map((statuses ?? []).map((s) => [s.id, s]));
  const ids = [...new Set([...(statuses ?? []).map((s) => s.id), ...Object.keys(mapping)])];
  const unmapped = (statuses ?? []).filter((s) => !config.phaseByStatus[s.id]).length;

  return (
    <Stack space="space.300" testId="admin-phases">
      <Stack space="space.100">
        <Heading size="small">Status → dispatch phase</Heading>
        <Text size="small" color="color.text.subtle">
          {`Phases colour tickets and technicians on the map: ${PHASES.map((p) => PHASE_LABEL[p]).join(', ')}.`}
        </Text>
        <Inline space="space.100" alignBlock="center">
          <Button
            onClick={() => void detect()}
            isDisabled={detecting || config.projectKeys.length === 0}
            testId="detect-statuses"
          >
            {detecting ? 'Detecting…' : 'Detect statuses'}
          </Button>
          {config.projectKeys.length === 0 ? (
            <Text color="color.text.subtlest">Add a project first.</Text>
          ) : (
            <Text color="color.text.subtlest">{`Projects: ${config.projectKeys.join(', ')}`}</Text>
          )}
          {statuses && unmapped > 0 ? (
            <Lozenge appearance="moved">{`${unmapped} new — review and save`}</Lozenge>
          ) : null}
        </Inline>
        <ErrorBanner error={detectError} />
        {ids.length === 0 ? (
          <Text color="color.text.subtlest">
            No statuses mapped yet. Detect the projects' statuses to start.
          </Text>
        ) : (
          <DynamicTable
            testId="phase-table"
            head={{
              cells: [
                { key: 'status', content: 'Status' },
                { key: 'category', content: 'Category' },
                { key: 'phase', content: 'Phase' },
              ],
            }}
            rows={ids.map((id) => {
              const s = known.get(id);
              const phase = mapping[id];
              return {
                key: id,
                cells: [
                  { key: 'status', content: s ? `${s.name} (${id})` : `Status ${id}` },
                  {
                    key: 'category',
                    content: s ? (
                      <Lozenge>{s.category}</Lozenge>
                    ) : (
                      <Text color="color.text.subtlest">not detected</Text>
                    ),
                  },
                  {
                    key: 'phase',
                    content: (
                      <Select
                        inputId={`phase-${id}`}
                        options={OPTIONS}
                        value={OPTIONS.find((o) => o.value === phase) ?? null}
                        onChange={(o: { value: Phase } | null) => {
                          if (!o) return;
                          setMapping((m) => ({ ...m, [id]: o.value }));
                          state.touch();
                        }}
                      />
                    ),
                  },
                ],
              };
            })}
          />
        )}
        {state.error ? <ErrorBanner error={state.error} onReload={props.onReload} /> : null}
        {state.saved ? <Success>Phase mapping saved.</Success> : null}
        <Inline>
          <Button
            appearance="primary"
            onClick={() => void state.save({ phaseByStatus: mapping })}
            isDisabled={state.busy}
            testId="save-phases"
          >
            {state.busy ? 'Saving…' : 'Save mapping'}
          </Button>
        </Inline>
      </Stack>

      <Stack space="space.100" testId="health-check">
        <Inline space="space.100" alignBlock="center">
          <Heading size="small">Health check</Heading>
          <Button spacing="compact" appearance="subtle" onClick={() => void runHealth()}>
            Run again
          </Button>
        </Inline>
        <ErrorBanner error={healthError} />
        {!health && !healthError ? <Loading label="Checking the setup…" /> : null}
        {health?.length === 0 ? <Text>Nothing to report.</Text> : null}
        {health?.map((h) => (
          <Inline key={`${h.level}:${h.message}`} space="space.100" alignBlock="center">
            <Lozenge appearance={h.level === 'ok' ? 'success' : h.level === 'warning' ? 'moved' : 'removed'}>
              {h.level === 'ok' ? 'OK' : h.level === 'warning' ? 'Warning' : 'Error'}
            </Lozenge>
            <Text>{h.message}</Text>
          </Inline>
        ))}
      </Stack>
    </Stack>
  );
}
