/** The ticket's header: status and transitions, assignee, request type, priority and SLAs. */
import { Box, Button, Inline, Lozenge, Select, Stack, Text, Textfield, User, xcss } from '@forge/react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { PanelData, StatusRef, UserRef } from '../../domain/contract';
import { type ApiError, call } from '../api';
import { ErrorBanner, Field } from '../components';
import { slaAppearance, slaLabel, slaRemaining, statusAppearance } from '../format';

const selectBox = xcss({ minWidth: '200px' });

interface HeaderProps {
  readonly data: PanelData;
  readonly onStatus: (status: StatusRef) => void;
  readonly onAssignee: (assignee: UserRef | null) => void;
}

export function Header({ data, onStatus, onAssignee }: HeaderProps): ReactNode {
  const { issue, permissions } = data;
  const [error, setError] = useState<ApiError | undefined>();
  const [moving, setMoving] = useState(false);

  const transition = async (option: { value: string; label: string } | null) => {
    if (!option) return;
    setMoving(true);
    setError(undefined);
    const result = await call('transition', { issueKey: issue.key, transitionId: option.value });
    setMoving(false);
    if (result.ok) onStatus(result.data.status);
    else setError(result.error);
  };

  return (
    <Stack space="space.150">
      <Inline space="space.200" alignBlock="center" shouldWrap>
        <Inline space="space.100" alignBlock="center">
          <Lozenge appearance={statusAppearance(issue.status)} isBold testId="status">
            {issue.status.name}
          </Lozenge>
          {permissions.transition && data.transitions.length > 0 ? (
            <Box xcss={selectBox}>
              <Select
                testId="transition-select"
                inputId="transition"
                placeholder={moving ? 'Moving…' : 'Move to…'}
                isDisabled={moving}
                isLoading={moving}
                value={null}
                options={data.transitions.map((t) => ({
                  value: t.id,
                  label: t.name === t.to.name ? t.name : `${t.name} → ${t.to.name}`,
                }))}
                onChange={(option: { value: string; label: string } | null) => void transition(option)}
              />
            </Box>
          ) : null}
        </Inline>
        {issue.sla.length > 0 ? (
          <Inline space="space.100" alignBlock="center" shouldWrap testId="sla">
            {issue.sla.map((sla) => (
              <Inline key={sla.name} space="space.050" alignBlock="center">
                <Text size="small" color="color.text.subtle">
                  {sla.name}
                </Text>
                <Lozenge appearance={slaAppearance(sla.state)}>{slaLabel(sla.state)}</Lozenge>
                {sla.remaining ? (
                  <Text size="small" color="color.text.subtlest">
                    {slaRemaining(sla.remaining)}
                  </Text>
                ) : null}
              </Inline>
            ))}
          </Inline>
        ) : null}
      </Inline>
      <ErrorBanner error={error} testId="header-error" />
      <Inline space="space.400" shouldWrap rowSpace="space.150">
        <Assignee data={data} onAssignee={onAssignee} />
        <Field label="Request type">
          <Text>{issue.requestType ?? '—'}</Text>
        </Field>
        <Field label="Priority">
          <Text>{issue.priority ?? '—'}</Text>
        </Field>
        {issue.reporter ? (
          <Field label="Reporter">
            <Text>{issue.reporter.displayName}</Text>
          </Field>
        ) : null}
      </Inline>
    </Stack>
  );
}

function Assignee({
  data,
  onAssignee,
}: {
  data: PanelData;
  onAssignee: (assignee: UserRef | null) => void;
}): ReactNode {
  const { issue, me, permissions } = data;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<readonly UserRef[] | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(0);

  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (text: string) => {
    setQuery(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const ticket = ++latest.current;
      const result = await call('searchAssignable', { issueKey: issue.key, query: text.trim() });
      if (ticket !== latest.current) return; // a newer search is on its way
      if (result.ok) {
        setResults(result.data);
        setError(undefined);
      } else setError(result.error);
    }, 300);
  };

  const done = (assignee: UserRef | null) => {
    onAssignee(assignee);
    setSearching(false);
    setQuery('');
    setResults(undefined);
  };

  const assignToMe = async () => {
    setBusy(true);
    setError(undefined);
    const result = await call('assignToMe', { issueKey: issue.key });
    setBusy(false);
    if (result.ok) done(result.data.assignee);
    else setError(result.error);
  };

  const assign = async (accountId: string | null) => {
    setBusy(true);
    setError(undefined);
    const result = await call('assign', { issueKey: issue.key, accountId });
    setBusy(false);
    if (result.ok) done(result.data.assignee);
    else setError(result.error);
  };

  const mine = issue.assignee?.accountId === me.accountId;
  return (
    <Field label="Assignee">
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          {issue.assignee ? (
            <User accountId={issue.assignee.accountId} />
          ) : (
            <Text color="color.text.subtlest">Unassigned</Text>
          )}
          {permissions.assign && !mine ? (
            <Button spacing="compact" onClick={assignToMe} isDisabled={busy} testId="assign-to-me">
              Assign to me
            </Button>
          ) : null}
          {permissions.assign ? (
            <Button
              spacing="compact"
              appearance="subtle"
              onClick={() => setSearching(!searching)}
              testId="assign-change"
            >
              {searching ? 'Cancel' : 'Change'}
            </Button>
          ) : null}
        </Inline>
        {searching ? (
          <Stack space="space.050">
            <Textfield
              testId="assignee-search"
              placeholder="Search people who can be assigned"
              value={query}
              isCompact
              onChange={(e) => search(e.target.value)}
            />
            <Inline space="space.050" shouldWrap>
              {(results ?? []).map((u) => (
                <Button
                  key={u.accountId}
                  spacing="compact"
                  appearance="subtle"
                  isDisabled={busy}
                  onClick={() => void assign(u.accountId)}
                >
                  {u.displayName}
                </Button>
              ))}
              {issue.assignee ? (
                <Button
                  spacing="compact"
                  appearance="subtle"
                  isDisabled={busy}
                  onClick={() => void assign(null)}
                >
                  Unassign
                </Button>
              ) : null}
            </Inline>
            {results && results.length === 0 ? (
              <Text size="small" color="color.text.subtlest">
                Nobody assignable matches “{query}”.
              </Text>
            ) : null}
          </Stack>
        ) : null}
        <ErrorBanner error={error} testId="assign-error" />
      </Stack>
    </Field>
  );
}
