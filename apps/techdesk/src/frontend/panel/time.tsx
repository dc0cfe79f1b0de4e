/** Time on the ticket: the agent's timer, a manual "Log time" form and the worklogs with their total. */
import {
  Badge,
  Button,
  DynamicTable,
  ErrorMessage,
  Form,
  Inline,
  Label,
  Lozenge,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  SectionMessage,
  Stack,
  Text,
  Textfield,
  User,
  useForm,
} from '@forge/react';
import { type ReactNode, useEffect, useState } from 'react';
import type { WorklogView } from '../../domain/contract';
import { type ApiError, call, fieldError } from '../api';
import { ErrorBanner, FieldError, Success } from '../components';
import { elapsedSince, formatClock, formatDateTime, formatSeconds } from '../format';
import { type TimeState, withoutWorklog, withWorklog } from './worklogs';

export type { TimeState } from './worklogs';

interface TimeProps extends TimeState {
  readonly issueKey: string;
  readonly canLog: boolean;
  readonly onChange: (next: TimeState) => void;
}

export function Time(props: TimeProps): ReactNode {
  const { issueKey, canLog } = props;
  const state: TimeState = {
    timer: props.timer,
    worklogs: props.worklogs,
    totalLoggedSeconds: props.totalLoggedSeconds,
  };
  const [formKey, setFormKey] = useState(0);
  const [logged, setLogged] = useState<string | undefined>();
  const [editing, setEditing] = useState<WorklogView | undefined>();
  const [deleting, setDeleting] = useState<WorklogView | undefined>();
  const [error, setError] = useState<ApiError | undefined>();

  const remove = async (worklog: WorklogView) => {
    setDeleting(undefined);
    setError(undefined);
    const result = await call('deleteWorklog', { issueKey, worklogId: worklog.id });
    if (result.ok) props.onChange(withoutWorklog(state, worklog.id));
    else setError(result.error);
  };

  return (
    <Stack space="space.200">
      {canLog ? (
        <Timer
          issueKey={issueKey}
          state={state}
          onChange={props.onChange}
          onLogged={(text) => setLogged(text)}
        />
      ) : null}
      {canLog ? (
        <LogTimeForm
          key={`log-${formKey}`}
          issueKey={issueKey}
          onLogged={(worklog) => {
            props.onChange(withWorklog(state, worklog));
            setLogged(`Logged ${worklog.timeSpent || formatSeconds(worklog.timeSpentSeconds)}.`);
            setFormKey((k) => k + 1);
          }}
        />
      ) : (
        <Text color="color.text.subtlest">You can't log work on this ticket.</Text>
      )}
      {logged ? <Success testId="time-logged">{logged}</Success> : null}
      <ErrorBanner error={error} testId="worklog-error" />
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center">
          <Text weight="semibold">Work logged</Text>
          <Badge appearance="primary" testId="total-logged" max={false}>
            {formatSeconds(state.totalLoggedSeconds)}
          </Badge>
        </Inline>
        <DynamicTable
          testId="worklogs"
          rowsPerPage={5}
          emptyView={<Text color="color.text.subtlest">No work logged yet.</Text>}
          head={{
            cells: [
              { key: 'author', content: 'Who' },
              { key: 'started', content: 'Started', isSortable: true },
              { key: 'spent', content: 'Time', isSortable: true },
              { key: 'comment', content: 'Description' },
              { key: 'actions', content: '' },
            ],
          }}
          rows={state.worklogs.map((w) => ({
            key: w.id,
            cells: [
              { key: 'author', content: <User accountId={w.author.accountId} /> },
              { key: w.started, content: formatDateTime(w.started) },
              { key: w.timeSpentSeconds, content: w.timeSpent || formatSeconds(w.timeSpentSeconds) },
              { key: 'comment', content: w.comment || '—' },
              {
                key: 'actions',
                content: w.mine ? (
                  <Inline space="space.050">
                    <Button spacing="compact" appearance="subtle" onClick={() => setEditing(w)}>
                      Edit
                    </Button>
                    <Button spacing="compact" appearance="subtle" onClick={() => setDeleting(w)}>
                      Delete
                    </Button>
                  </Inline>
                ) : (
                  ''
                ),
              },
            ],
          }))}
        />
      </Stack>
      <ModalTransition>
        {editing ? (
          <EditWorklog
            issueKey={issueKey}
            worklog={editing}
            onClose={() => setEditing(undefined)}
            onSaved={(worklog) => {
              props.onChange(withWorklog(state, worklog));
              setEditing(undefined);
            }}
          />
        ) : null}
        {deleting ? (
          <Modal onClose={() => setDeleting(undefined)} width="small" testId="delete-worklog">
            <ModalHeader>
              <ModalTitle appearance="danger">Delete this worklog?</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Text>
                {`${deleting.timeSpent || formatSeconds(deleting.timeSpentSeconds)} from ${formatDateTime(deleting.started)} will be removed from the ticket.`}
              </Text>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setDeleting(undefined)}>
                Cancel
              </Button>
              <Button appearance="danger" onClick={() => void remove(deleting)}>
                Delete
              </Button>
            </ModalFooter>
          </Modal>
        ) : null}
      </ModalTransition>
    </Stack>
  );
}

function Timer({
  issueKey,
  state,
  onChange,
  onLogged,
}: {
  issueKey: string;
  state: TimeState;
  onChange: (next: TimeState) => void;
  onLogged: (text: string) => void;
}): ReactNode {
  const { timer } = state;
  const here = timer?.issueKey === issueKey;
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  useEffect(() => {
    if (!timer) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [timer]);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    const result = await call('startTimer', { issueKey });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setNow(Date.now());
    const { timer: started, stopped } = result.data;
    // "Start" only shows when no timer runs here, so a timer it stopped was on another ticket: only reported.
    onChange({ ...state, timer: started });
    if (stopped)
      onLogged(
        `Stopped the timer on ${timer?.issueKey ?? 'the other ticket'} and logged ${stopped.timeSpent}.`,
      );
  };

  const stop = async () => {
    setBusy(true);
    setError(undefined);
    const result = await call('stopTimer', { issueKey });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    const { worklog } = result.data;
    onChange({ ...(worklog ? withWorklog(state, worklog) : state), timer: null });
    onLogged(
      worklog
        ? `Timer stopped: logged ${worklog.timeSpent}.`
        : 'Timer stopped (under a minute, nothing logged).',
    );
  };

  const elapsed = timer ? formatClock(elapsedSince(timer.startedAt, now)) : '';
  return (
    <Stack space="space.100">
      {timer && !here ? (
        <SectionMessage appearance="information" testId="timer-elsewhere">
          <Text>
            {`Your timer is running on ${timer.issueKey} (${elapsed}). Starting it here stops that one and logs its time there.`}
          </Text>
        </SectionMessage>
      ) : null}
      <Inline space="space.150" alignBlock="center">
        {here ? (
          <>
            <Button appearance="primary" onClick={() => void stop()} isDisabled={busy} testId="timer-stop">
              Stop timer
            </Button>
            <Lozenge appearance="inprogress" isBold testId="timer-elapsed">
              {elapsed}
            </Lozenge>
            <Text size="small" color="color.text.subtle">
              {`since ${formatDateTime(timer.startedAt)}${timer.automatic ? ' · started automatically' : ''}`}
            </Text>
          </>
        ) : (
          <>
            <Button onClick={() => void start()} isDisabled={busy} testId="timer-start">
              {timer ? 'Start timer here' : 'Start timer'}
            </Button>
            <Text size="small" color="color.text.subtlest">
              Time is logged to this ticket when you stop.
            </Text>
          </>
        )}
      </Inline>
      <ErrorBanner error={error} testId="timer-error" />
    </Stack>
  );
}

interface LogValues {
  duration: string;
  description: string;
}

function LogTimeForm({
  issueKey,
  onLogged,
}: {
  issueKey: string;
  onLogged: (worklog: WorklogView) => void;
}): ReactNode {
  const { register, handleSubmit, formState, getFieldId } = useForm<LogValues>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (values: LogValues) => {
    setBusy(true);
    setError(undefined);
    const description = String(values.description ?? '').trim();
    const result = await call('logWork', {
      issueKey,
      duration: String(values.duration ?? '').trim(),
      ...(description ? { description } : {}),
    });
    setBusy(false);
    if (result.ok) onLogged(result.data.worklog);
    else setError(result.error);
  };

  const durationError = fieldError(error, 'duration');
  return (
    <Form onSubmit={handleSubmit(submit)}>
      <Stack space="space.100">
        <Inline space="space.150" alignBlock="end" shouldWrap>
          <Stack space="space.050">
            <Label labelFor={getFieldId('duration')}>Time spent</Label>
            <Textfield
              {...register('duration', { required: true })}
              testId="log-duration"
              placeholder="e.g. 1h 30m"
              width={140}
              isInvalid={Boolean(durationError || formState.errors.duration)}
            />
          </Stack>
          <Stack space="space.050" grow="fill">
            <Label labelFor={getFieldId('description')}>What did you do?</Label>
            <Textfield
              {...register('description')}
              testId="log-description"
              placeholder="Optional description"
            />
          </Stack>
          <Button type="submit" appearance="primary" isDisabled={busy} testId="log-submit">
            {busy ? 'Logging…' : 'Log time'}
          </Button>
        </Inline>
        {formState.errors.duration && !durationError ? (
          <ErrorMessage>Enter the time spent, like 1h 30m or 45m.</ErrorMessage>
        ) : null}
        <FieldError error={error} field="duration" />
        <FieldError error={error} field="description" />
        {error && !error.fields?.length ? <ErrorBanner error={error} testId="log-error" /> : null}
      </Stack>
    </Form>
  );
}

function EditWorklog({
  issueKey,
  worklog,
  onClose,
  onSaved,
}: {
  issueKey: string;
  worklog: WorklogView;
  onClose: () => void;
  onSaved: (worklog: WorklogView) => void;
}): ReactNode {
  const { register, handleSubmit, getFieldId } = useForm<LogValues>({
    defaultValues: { duration: worklog.timeSpent, description: worklog.comment },
  });
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const save = async (values: LogValues) => {
    setBusy(true);
    setError(undefined);
    const result = await call('updateWorklog', {
      issueKey,
      worklogId: worklog.id,
      duration: String(values.duration ?? '').trim(),
      description: String(values.description ?? '').trim(),
    });
    setBusy(false);
    if (result.ok) onSaved(result.data.worklog);
    else setError(result.error);
  };
  return (
    <Modal onClose={onClose} width="small" testId="edit-worklog">
      <Form onSubmit={handleSubmit(save)}>
        <ModalHeader>
          <ModalTitle>Edit worklog</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <Stack space="space.100">
            <Label labelFor={getFieldId('duration')}>Time spent</Label>
            <Textfield {...register('duration', { required: true })} testId="edit-duration" />
            <FieldError error={error} field="duration" />
            <Label labelFor={getFieldId('description')}>Description</Label>
            <Textfield {...register('description')} testId="edit-description" />
            <FieldError error={error} field="description" />
            {error && !error.fields?.length ? <ErrorBanner error={error} /> : null}
          </Stack>
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={onClose}>
            Cancel
          </Button>
          <Button appearance="primary" type="submit" isDisabled={busy} testId="edit-save">
            Save
          </Button>
        </ModalFooter>
      </Form>
    </Modal>
  );
}
