/**
 * Push: the destination URL of an export (`saveDestination`), the signing secret shown once after save or rotate,
 * the site admin's approval of the destination's domain (`permissions.egress.set`), pause/resume, the schedule and
 * "Run now". Controls whose resolver does not exist yet are disabled under a "not available yet" message.
 */
import { permissions } from '@forge/bridge';
import {
  Box,
  Button,
  Code,
  Heading,
  HelperMessage,
  Inline,
  Label,
  Lozenge,
  SectionMessage,
  Select,
  Stack,
  Text,
  Textfield,
  xcss,
} from '@forge/react';
import { type ReactNode, useEffect, useState } from 'react';
import {
  type ApiError,
  type ApiResult,
  AVAILABLE,
  api,
  type Destination,
  type ExportView,
  type Schedule,
} from './api';
import {
  ConfirmModal,
  ErrorBanner,
  ExportPicker,
  FieldError,
  Hint,
  Loading,
  NotAvailable,
  OneTimeSecretModal,
} from './components';
import { formatTime, httpsOrigin } from './format';
import { fieldError, NOT_AVAILABLE } from './result';

const card = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.medium',
  padding: 'space.200',
});
const wide = xcss({ maxWidth: '640px' });
const narrow = xcss({ maxWidth: '320px' });

const SCHEDULES: readonly { label: string; value: Schedule | 'off' }[] = [
  { label: 'Off (push only with "Run now")', value: 'off' },
  { label: 'Every hour', value: 'hourly' },
  { label: 'Every day', value: 'daily' },
  { label: 'Every week', value: 'weekly' },
];

type EgressSetPayload = Parameters<typeof permissions.egress.set>[0];
/**
 * The configured domain of an egress group. `type` is `@forge/egress`'s `EgressType` enum; its value is written
 * out so the browser bundle does not pull in that package.
 */
const backendFetch = (domain: string) =>
  ({
    domain,
    type: ['FETCH_BACKEND_SIDE'],
  }) as unknown as EgressSetPayload['egresses'][number]['configured'][number];

/** The egress group of an export's destination. */
const egressKey = (exportId: string) => `destination-${exportId}`;

type Approval =
  | { state: 'unknown' }
  | { state: 'checking' }
  | { state: 'approved'; origin: string }
  | { state: 'not-approved' }
  | { state: 'error'; message: string };

const errorText = (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  return message || 'The approval could not be checked.';
};

export function PushTab({
  exports,
  selected,
  onSelect,
  onRunStarted,
}: {
  exports: readonly ExportView[];
  selected: string | undefined;
  onSelect: (id: string) => void;
  onRunStarted: (id: string) => void;
}): ReactNode {
  const current = exports.find((e) => e.id === selected);
  if (exports.length === 0) {
    return (
      <SectionMessage appearance="information" title="No exports yet">
        <Text>Create an export on the Exports tab before pushing it anywhere.</Text>
      </SectionMessage>
    );
  }
  return (
    <Stack space="space.200">
      <ExportPicker id="push-export" exports={exports} selected={selected} onChange={onSelect} />
      {current ? (
        <PushSettings key={current.id} current={current} onRunStarted={onRunStarted} />
      ) : (
        <Hint>Choose an export to configure where it is pushed.</Hint>
      )}
    </Stack>
  );
}

function PushSettings({
  current,
  onRunStarted,
}: {
  current: ExportView;
  onRunStarted: (id: string) => void;
}): ReactNode {
  const [loaded, setLoaded] = useState<ApiResult<Destination | null> | undefined>(undefined);
  const destination = loaded?.ok ? (loaded.data ?? undefined) : undefined;
  const [url, setUrl] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [secret, setSecret] = useState<{ value: string; note?: string } | undefined>(undefined);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [approval, setApproval] = useState<Approval>({ state: 'unknown' });
  const [message, setMessage] = useState<string | undefined>(undefined);
  const savedUrl = destination?.url;
  // The saved destination's origin, or that of the URL being typed.
  const origin =
    url.trim() === (savedUrl ?? '') ? (destination?.origin ?? httpsOrigin(url)) : httpsOrigin(url);
  const groupKey = destination?.egress?.key ?? egressKey(current.id);
  const schedule = destination?.schedule ?? null;

  useEffect(() => {
    let live = true;
    void api.getDestination(current.id).then((r) => {
      if (!live) return;
      setLoaded(r);
      if (r.ok && r.data) setUrl(r.data.url);
    });
    return () => {
      live = false;
    };
  }, [current.id]);

  // Is the destination's origin approved (egress group `destination-<export id>`)?
  useEffect(() => {
    if (!origin) {
      setApproval({ state: 'unknown' });
      return;
    }
    let live = true;
    setApproval({ state: 'checking' });
    permissions.egress.get({ keys: [groupKey] }).then(
      (answer) => {
        if (!live) return;
        const group = answer?.results?.find((g) => g.key === groupKey);
        const ok = group?.configured.some((c) => c.domain === origin);
        setApproval(ok ? { state: 'approved', origin } : { state: 'not-approved' });
      },
      (e: unknown) => live && setApproval({ state: 'error', message: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [groupKey, origin]);

  const run = async <T,>(
    what: string,
    call: () => Promise<{ ok: true; data: T } | { ok: false; error: ApiError }>,
  ) => {
    setBusy(what);
    setError(undefined);
    setMessage(undefined);
    const result = await call();
    setBusy(undefined);
    if (!result.ok) {
      setError(result.error);
      return undefined;
    }
    return result.data;
  };

  const save = async () => {
    const data = await run('save', () => api.saveDestination(current.id, url.trim()));
    if (!data) return;
    const { secret: created, ...view } = data;
    setLoaded({ ok: true, data: view });
    setUrl(view.url);
    if (created) setSecret({ value: created });
    else setMessage('Destination saved. Its signing secret is unchanged.');
  };
  const rotate = async () => {
    setConfirmRotate(false);
    const data = await run('rotate', () => api.rotateSecret(current.id));
    if (!data) return;
    setSecret({
      value: data.secret,
      ...(data.previousValidUntil
        ? {
            note: `Pushes are also signed with the previous secret until ${formatTime(data.previousValidUntil)}.`,
          }
        : {}),
    });
    setLoaded((l) =>
      l?.ok && l.data ? { ok: true, data: { ...l.data, secretCreatedAt: new Date().toISOString() } } : l,
    );
  };
  const approve = async () => {
    if (!origin) return;
    setApproval({ state: 'checking' });
    try {
      await permissions.egress.set({
        egresses: [
          {
            key: groupKey,
            description: `Assets to SQL pushes the export "${current.name}" (${current.id}) to this destination`,
            configured: [backendFetch(origin)],
          },
        ],
      });
      setApproval({ state: 'approved', origin });
    } catch (e) {
      setApproval({ state: 'error', message: errorText(e) });
    }
  };
  const pauseOrResume = async () => {
    const paused = destination?.paused === true;
    const data = await run('pause', () =>
      paused ? api.resumeDestination(current.id) : api.pauseDestination(current.id),
    );
    if (!data) return;
    setLoaded({ ok: true, data });
    const resumedRun = 'resumedRunId' in data && data.resumedRunId;
    setMessage(
      paused
        ? resumedRun
          ? 'Pushes resumed; the paused run continues.'
          : 'Pushes resumed.'
        : 'Pushes paused.',
    );
  };
  const changeSchedule = async (value: Schedule | 'off') => {
    const data = await run('schedule', () => api.setSchedule(current.id, value === 'off' ? null : value));
    if (!data) return;
    setLoaded((l) =>
      l?.ok && l.data
        ? { ok: true, data: { ...l.data, schedule: data.interval, nextRunAt: data.nextRunAt } }
        : l,
    );
    setMessage(
      data.interval
        ? `Pushed ${data.interval} from now on; the next run starts ${formatTime(data.nextRunAt)}.`
        : 'Schedule turned off. Push with "Run now".',
    );
  };
  const runNow = async () => {
    const data = await run('run', () => api.runExport(current.id));
    if (data) onRunStarted(current.id);
  };

  const pushAvailable = AVAILABLE.destination;
  const scheduleOption = SCHEDULES.find((s) => s.value === (schedule ?? 'off'));

  if (pushAvailable && !loaded) return <Loading label="Loading the destination…" />;
  if (loaded && !loaded.ok && loaded.error.code !== NOT_AVAILABLE)
    return <ErrorBanner error={loaded.error} />;

  return (
    <Stack space="space.200">
      {!pushAvailable ? (
        <NotAvailable title="Push to a webhook">
          Pushing exports to an HTTPS webhook is still being built. Until then, clients pull exports with an
          API key (Pull tab).
        </NotAvailable>
      ) : (
        <Hint>
          Instead of waiting for a client to pull, the app can POST every chunk of this export to your HTTPS
          endpoint, on a schedule or when you press "Run now".
        </Hint>
      )}
      <ErrorBanner error={error} testId="push-error" />
      {message ? (
        <SectionMessage appearance="success" testId="push-message">
          <Text>{message}</Text>
        </SectionMessage>
      ) : null}

      <Box xcss={card}>
        <Stack space="space.150">
          <Inline spread="space-between" alignBlock="center">
            <Heading size="xsmall">Destination</Heading>
            {destination?.paused ? (
              <Lozenge appearance="moved" isBold>
                paused
              </Lozenge>
            ) : savedUrl ? (
              <Lozenge appearance="success">active</Lozenge>
            ) : (
              <Lozenge>not set</Lozenge>
            )}
          </Inline>
          <Box xcss={wide}>
            <Stack space="space.050">
              <Label labelFor="push-url">Webhook URL</Label>
              <Textfield
                id="push-url"
                testId="push-url"
                value={url}
                placeholder="https://etl.example.com/hooks/assets"
                isInvalid={!!fieldError(error, 'url')}
                onChange={(e) => setUrl(String(e.target.value ?? ''))}
              />
              <HelperMessage>
                HTTPS only. Each chunk is POSTed as SQL and signed with the export's signing secret.
              </HelperMessage>
              <FieldError error={error} field="url" />
            </Stack>
          </Box>
          <Inline space="space.100">
            <Button
              appearance="primary"
              onClick={save}
              isDisabled={!pushAvailable || !url.trim() || busy !== undefined}
              testId="save-destination"
            >
              {busy === 'save' ? 'Saving…' : 'Save destination'}
            </Button>
            <Button
              onClick={() => setConfirmRotate(true)}
              isDisabled={!AVAILABLE.rotateSecret || !savedUrl || busy !== undefined}
              testId="rotate-secret"
            >
              Rotate signing secret
            </Button>
          </Inline>
          {destination?.secretCreatedAt ? (
            <Hint>
              Signing secret created {formatTime(destination.secretCreatedAt)}. It is never shown again.
            </Hint>
          ) : null}
        </Stack>
      </Box>

      <Box xcss={card}>
        <Stack space="space.150">
          <Inline spread="space-between" alignBlock="center">
            <Heading size="xsmall">Domain approval</Heading>
            <ApprovalLozenge approval={approval} />
          </Inline>
          <Hint>
            The app may only call domains a site admin approved. Approval applies to the URL's origin
            {origin ? ': ' : '.'}
            {origin ? <Code>{origin}</Code> : null}
          </Hint>
          {approval.state === 'error' ? (
            <SectionMessage
              appearance="warning"
              title="Domains cannot be approved right now"
              testId="approval-error"
            >
              <Text>{approval.message}</Text>
            </SectionMessage>
          ) : null}
          {!origin && url.trim() ? (
            <Text color="color.text.danger">Enter an https:// URL to approve its domain.</Text>
          ) : null}
          <Inline space="space.100">
            <Button
              onClick={approve}
              isDisabled={!origin || approval.state === 'checking' || approval.state === 'approved'}
              testId="approve-domain"
            >
              {approval.state === 'approved' ? 'Domain approved' : 'Approve this domain'}
            </Button>
          </Inline>
        </Stack>
      </Box>

      <Box xcss={card}>
        <Stack space="space.150">
          <Heading size="xsmall">Schedule and runs</Heading>
          {destination?.paused ? (
            <SectionMessage appearance="warning" title="Pushes are paused" testId="paused-reason">
              <Stack space="space.050">
                <Text>{destination.pausedReason ?? 'An admin paused pushes for this export.'}</Text>
                {destination.pausedAt ? (
                  <Text size="small">Since {formatTime(destination.pausedAt)}.</Text>
                ) : null}
              </Stack>
            </SectionMessage>
          ) : null}
          {!destination?.paused && (destination?.consecutiveFailures ?? 0) > 0 ? (
            <Text color="color.text.warning">
              The last {destination?.consecutiveFailures} deliveries failed; pushes pause after repeated
              failures.
            </Text>
          ) : null}
          <Inline space="space.300" alignBlock="end" shouldWrap>
            <Box xcss={narrow}>
              <Stack space="space.050">
                <Label labelFor="push-schedule">Schedule</Label>
                <Select
                  inputId="push-schedule"
                  testId="push-schedule"
                  isDisabled={!AVAILABLE.schedule || !savedUrl || busy !== undefined}
                  options={SCHEDULES.map((s) => ({ label: s.label, value: s.value }))}
                  value={scheduleOption ? { label: scheduleOption.label, value: scheduleOption.value } : null}
                  onChange={(o: { value: Schedule | 'off' } | null) => o && changeSchedule(o.value)}
                />
              </Stack>
            </Box>
            <Button
              onClick={pauseOrResume}
              isDisabled={!AVAILABLE.pause || !savedUrl || busy !== undefined}
              testId="pause-destination"
            >
              {destination?.paused ? 'Resume pushes' : 'Pause pushes'}
            </Button>
            <Button
              appearance="primary"
              onClick={runNow}
              isDisabled={!AVAILABLE.runNow || !savedUrl || busy !== undefined}
              testId="run-now"
            >
              {busy === 'run' ? 'Starting…' : 'Run now'}
            </Button>
          </Inline>
          {savedUrl && approval.state === 'not-approved' ? (
            <Text color="color.text.warning">
              Approve the destination's domain first: pushes to a domain that is not approved pause the
              destination.
            </Text>
          ) : null}
          {schedule && destination?.nextRunAt ? (
            <Hint>
              Next scheduled run: {formatTime(destination.nextRunAt)}. Progress and history are on the Runs
              tab.
            </Hint>
          ) : (
            <Hint>Progress and history of runs are on the Runs tab.</Hint>
          )}
        </Stack>
      </Box>

      {secret ? (
        <OneTimeSecretModal
          title="Signing secret"
          what="signing secret"
          lost="rotate the secret"
          value={secret.value}
          testId="destination-secret"
          onClose={() => setSecret(undefined)}
        >
          <Text>Configure your webhook receiver with it to verify the signature of every push.</Text>
          {secret.note ? <Text>{secret.note}</Text> : null}
        </OneTimeSecretModal>
      ) : null}
      {confirmRotate ? (
        <ConfirmModal
          title="Rotate the signing secret?"
          confirmLabel="Rotate secret"
          onCancel={() => setConfirmRotate(false)}
          onConfirm={rotate}
        >
          <Text>Pushes are signed with the new secret from now on; update your receiver right away.</Text>
        </ConfirmModal>
      ) : null}
    </Stack>
  );
}

function ApprovalLozenge({ approval }: { approval: Approval }): ReactNode {
  switch (approval.state) {
    case 'approved':
      return (
        <Lozenge appearance="success" testId="approval-state">
          approved
        </Lozenge>
      );
    case 'not-approved':
      return (
        <Lozenge appearance="moved" testId="approval-state">
          not approved
        </Lozenge>
      );
    case 'checking':
      return (
        <Lozenge appearance="inprogress" testId="approval-state">
          checking…
        </Lozenge>
      );
    case 'error':
      return (
        <Lozenge appearance="removed" testId="approval-state">
          unavailable
        </Lozenge>
      );
    default:
      return <Lozenge testId="approval-state">no URL</Lozenge>;
  }
}
