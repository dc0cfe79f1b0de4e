/**
 * Runs: the history of an export's runs (`getRuns`) and a progress bar for the running one, polled every few
 * seconds while a run is going. Until `getRuns` exists, the last completed run per dialect (from `listExports`).
 */
import {
  Button,
  Code,
  DynamicTable,
  Heading,
  Inline,
  Lozenge,
  ProgressBar,
  SectionMessage,
  Stack,
  Text,
} from '@forge/react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { DIALECTS } from '../domain/model';
import {
  type ApiError,
  type ApiResult,
  AVAILABLE,
  api,
  type ExportView,
  type Runs,
  type RunView,
} from './api';
import { ErrorBanner, ExportPicker, Hint, Loading, NotAvailable } from './components';
import { DIALECT_LABELS, formatBytes, formatCount, formatTime, plural } from './format';

const POLL_MS = 3_000;

/** A run that is still going (polled). */
const isLive = (r: RunView | null | undefined) => !!r && (r.status === 'running' || r.status === 'queued');
/** A run that has not finished: going, or paused with its destination. */
const isActive = (r: RunView | null | undefined) => isLive(r) || r?.status === 'paused';

function statusLozenge(status: string): ReactNode {
  const appearance =
    status === 'succeeded' || status === 'completed'
      ? 'success'
      : status === 'failed'
        ? 'removed'
        : status === 'running' || status === 'queued'
          ? 'inprogress'
          : status === 'paused'
            ? 'moved'
            : 'default';
  return <Lozenge appearance={appearance}>{status}</Lozenge>;
}

/** 0..1, or undefined when the backend gives no measure. */
function progressOf(run: RunView): number | undefined {
  return typeof run.progress === 'number' ? Math.max(0, Math.min(1, run.progress)) : undefined;
}

export function RunsTab({
  exports,
  selected,
  onSelect,
  pollToken,
}: {
  exports: readonly ExportView[];
  selected: string | undefined;
  onSelect: (id: string) => void;
  /** Changes when a run was just started elsewhere on the page, to poll right away. */
  pollToken: number;
}): ReactNode {
  const current = exports.find((e) => e.id === selected);
  if (exports.length === 0) {
    return (
      <SectionMessage appearance="information" title="No exports yet">
        <Text>Runs appear here once an export has been pulled or pushed.</Text>
      </SectionMessage>
    );
  }
  return (
    <Stack space="space.200">
      <ExportPicker id="runs-export" exports={exports} selected={selected} onChange={onSelect} />
      {current ? (
        <RunHistory key={current.id} current={current} pollToken={pollToken} />
      ) : (
        <Hint>Choose an export to see its runs.</Hint>
      )}
    </Stack>
  );
}

function RunHistory({ current, pollToken }: { current: ExportView; pollToken: number }): ReactNode {
  const [runs, setRuns] = useState<ApiResult<Runs> | undefined>(undefined);
  const [runError, setRunError] = useState<ApiError | undefined>(undefined);
  const [starting, setStarting] = useState(false);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    if (!AVAILABLE.runs) return;
    const mine = ++seq.current;
    void api.getRuns(current.id).then((r) => {
      if (mine === seq.current) setRuns(r);
    });
  }, [current.id, tick, pollToken]);

  const running = runs?.ok ? (runs.data.current ?? runs.data.runs.find(isActive) ?? undefined) : undefined;
  // Poll while a run is going.
  useEffect(() => {
    if (!isLive(running)) return;
    const timer = setTimeout(() => setTick((t) => t + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [running]);

  const runNow = async () => {
    setStarting(true);
    setRunError(undefined);
    const result = await api.runExport(current.id);
    setStarting(false);
    if (!result.ok) setRunError(result.error);
    else setTick((t) => t + 1);
  };

  const lastRuns = DIALECTS.map((d) => ({ dialect: d, run: current.lastRuns?.[d] ?? null })).filter(
    (r) => r.run !== null,
  );

  return (
    <Stack space="space.200">
      <Inline spread="space-between" alignBlock="center">
        <Heading size="small">Runs of {current.name}</Heading>
        <Inline space="space.100">
          <Button iconBefore="refresh" onClick={() => setTick((t) => t + 1)} isDisabled={!AVAILABLE.runs}>
            Refresh
          </Button>
          <Button
            appearance="primary"
            onClick={runNow}
            isDisabled={!AVAILABLE.runNow || starting || isActive(running)}
            testId="runs-run-now"
          >
            {starting ? 'Starting…' : 'Run now'}
          </Button>
        </Inline>
      </Inline>
      <ErrorBanner error={runError} testId="run-error" />

      {running ? <CurrentRun run={running} /> : null}

      <Stack space="space.100">
        <Heading size="xsmall">Pushes</Heading>
        {!AVAILABLE.runs ? (
          <NotAvailable title="Push history">The app does not keep a history of pushes yet.</NotAvailable>
        ) : !runs ? (
          <Loading label="Loading runs…" />
        ) : !runs.ok ? (
          <ErrorBanner error={runs.error} />
        ) : (
          <DynamicTable
            testId="runs-table"
            rowsPerPage={10}
            head={{
              cells: [
                { key: 'started', content: 'Started' },
                { key: 'finished', content: 'Finished' },
                { key: 'status', content: 'Status' },
                { key: 'run', content: 'Run' },
                { key: 'rows', content: 'Rows' },
                { key: 'chunks', content: 'Chunks' },
                { key: 'bytes', content: 'Bytes' },
                { key: 'error', content: 'Error', width: 30 },
              ],
            }}
            rows={runs.data.runs.map((r) => ({
              key: r.id,
              cells: [
                { key: 'started', content: formatTime(r.startedAt ?? r.createdAt) },
                { key: 'finished', content: formatTime(r.finishedAt) },
                { key: 'status', content: statusLozenge(r.status) },
                { key: 'run', content: describeRun(r) },
                { key: 'rows', content: formatCount(r.rows) },
                { key: 'chunks', content: formatCount(r.chunks) },
                { key: 'bytes', content: formatBytes(r.bytes) },
                { key: 'error', content: problemOf(r) },
              ],
            }))}
            emptyView={
              <Text>
                {runs.data.destination
                  ? 'No pushes yet. Press "Run now" or set a schedule on the Push tab.'
                  : 'No pushes: this export has no destination (Push tab).'}
              </Text>
            }
          />
        )}
      </Stack>

      <Stack space="space.100">
        <Heading size="xsmall">Pulls</Heading>
        <Hint>
          The last completed pull of this export for each dialect (clients pulling with an API key).
        </Hint>
        <DynamicTable
          testId="last-runs-table"
          head={{
            cells: [
              { key: 'dialect', content: 'Dialect' },
              { key: 'mode', content: 'Mode' },
              { key: 'started', content: 'Started' },
              { key: 'finished', content: 'Finished' },
              { key: 'run', content: 'Run id' },
            ],
          }}
          rows={lastRuns.map(({ dialect, run }) => ({
            key: dialect,
            cells: [
              { key: 'dialect', content: DIALECT_LABELS[dialect] },
              { key: 'mode', content: run?.mode === 'incremental' ? 'Incremental' : 'Full' },
              { key: 'started', content: formatTime(run?.startedAt) },
              { key: 'finished', content: formatTime(run?.finishedAt) },
              { key: 'run', content: <Code>{run?.runId ?? ''}</Code> },
            ],
          }))}
          emptyView={<Text>No completed pull yet.</Text>}
        />
      </Stack>
    </Stack>
  );
}

/** A failed run's error in red; a run that recovered says so quietly. */
function problemOf(r: RunView): ReactNode {
  if (!r.error) return '—';
  if (r.status === 'succeeded') {
    const retries = r.errorCount ?? 1;
    return (
      <Text size="small" color="color.text.subtle">
        {`Recovered after ${plural(retries, 'retry', 'retries')}. Last: ${r.error}`}
      </Text>
    );
  }
  return <Text color="color.text.danger">{r.error}</Text>;
}

/** `Full · manual · SQLite` */
function describeRun(r: RunView): string {
  const parts = [
    r.mode === 'incremental' ? 'Incremental' : r.mode === 'full' ? 'Full' : undefined,
    r.trigger === 'schedule' ? 'scheduled' : r.trigger === 'manual' ? 'manual' : r.trigger,
    r.dialect ? DIALECT_LABELS[r.dialect] : undefined,
  ].filter((p): p is string => !!p);
  return parts.length ? parts.join(' · ') : '—';
}

function CurrentRun({ run }: { run: RunView }): ReactNode {
  const value = progressOf(run);
  return (
    <SectionMessage
      appearance={run.status === 'paused' ? 'warning' : 'information'}
      title={
        run.status === 'paused'
          ? 'The current run is paused'
          : run.status === 'queued'
            ? 'A run is queued'
            : 'A run is going'
      }
      testId="current-run"
    >
      <Stack space="space.100">
        <ProgressBar
          ariaLabel="Run progress"
          testId="run-progress"
          {...(value === undefined ? { isIndeterminate: true } : { value })}
        />
        {run.status === 'paused' && run.error ? <Text>{run.error}</Text> : null}
        {run.status === 'running' && run.error ? (
          <Text color="color.text.warning">Retrying after: {run.error}</Text>
        ) : null}
        <Text>
          {run.status === 'queued' || !run.startedAt
            ? `Queued ${formatTime(run.createdAt)}, waiting for the app's worker to pick it up.`
            : `Started ${formatTime(run.startedAt)}${value !== undefined ? ` · ${Math.round(value * 100)} %` : ''} · ${formatCount(run.rows ?? 0)} rows in ${formatCount(run.chunks ?? 0)} chunks (${formatBytes(run.bytes ?? 0)})`}
        </Text>
      </Stack>
    </SectionMessage>
  );
}
