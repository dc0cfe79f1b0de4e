/** Roles: who is an app admin, a dispatcher or a technician (accounts and Jira groups). Tier-3 roles. */
import {
  Button,
  Heading,
  Inline,
  Label,
  Stack,
  Tag,
  TagGroup,
  Text,
  Textfield,
  User,
  UserPicker,
} from '@forge/react';
import { type ReactNode, useEffect, useState } from 'react';
import { type ApiError, call } from '../api';
import { ErrorBanner, FieldError, Loading, Success } from './components';

type Role = 'app-admin' | 'dispatcher' | 'technician';
interface Grant {
  accountIds: string[];
  groupIds: string[];
}

const ROLES: { role: Role; title: string; help: string }[] = [
  {
    role: 'app-admin',
    title: 'App admins',
    help: 'Configure projects, phases, transitions, the map and roles, and read the audit log. Jira admins are app admins without a grant.',
  },
  {
    role: 'dispatcher',
    title: 'Dispatchers',
    help: 'Use the console to assign tickets to technicians, and edit any technician’s availability and location.',
  },
  {
    role: 'technician',
    title: 'Technicians',
    help: 'See the console read-only, and edit only their own availability and location.',
  },
];

export function RolesTab(): ReactNode {
  const [grants, setGrants] = useState<Record<Role, Grant> | undefined>();
  const [error, setError] = useState<ApiError | undefined>();

  useEffect(() => {
    void (async () => {
      const result = await call('getRoles', {});
      if (!result.ok) return setError(result.error);
      const of = (role: Role): Grant => ({
        accountIds: [...(result.data.roles[role]?.accountIds ?? [])],
        groupIds: [...(result.data.roles[role]?.groupIds ?? [])],
      });
      setGrants({ 'app-admin': of('app-admin'), dispatcher: of('dispatcher'), technician: of('technician') });
    })();
  }, []);

  if (error) return <ErrorBanner error={error} />;
  if (!grants) return <Loading label="Loading roles…" />;
  return (
    <Stack space="space.300">
      {ROLES.map((r) => (
        <RoleEditor key={r.role} role={r.role} title={r.title} help={r.help} initial={grants[r.role]} />
      ))}
    </Stack>
  );
}

function RoleEditor({
  role,
  title,
  help,
  initial,
}: {
  role: Role;
  title: string;
  help: string;
  initial: Grant;
}): ReactNode {
  const [grant, setGrant] = useState<Grant>(initial);
  const [group, setGroup] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  const [pickerKey, setPickerKey] = useState(0);

  const change = (next: Grant) => {
    setGrant(next);
    setSaved(false);
  };

  const save = async () => {
    setBusy(true);
    setError(undefined);
    const result = await call('saveRole', { role, accountIds: grant.accountIds, groupIds: grant.groupIds });
    setBusy(false);
    if (result.ok) setSaved(true);
    else setError(result.error);
  };

  const addGroup = () => {
    const id = group.trim();
    if (id && !grant.groupIds.includes(id)) change({ ...grant, groupIds: [...grant.groupIds, id] });
    setGroup('');
  };

  return (
    <Stack space="space.100" testId={`role-${role}`}>
      <Heading size="small">{title}</Heading>
      <Text size="small" color="color.text.subtle">
        {help}
      </Text>
      <Stack space="space.050">
        {grant.accountIds.length === 0 ? <Text color="color.text.subtlest">No people granted.</Text> : null}
        {grant.accountIds.map((id) => (
          <Inline key={id} space="space.100" alignBlock="center">
            <User accountId={id} />
            <Button
              spacing="compact"
              appearance="subtle"
              onClick={() => change({ ...grant, accountIds: grant.accountIds.filter((a) => a !== id) })}
            >
              Remove
            </Button>
          </Inline>
        ))}
      </Stack>
      <UserPicker
        key={`picker-${pickerKey}`}
        label="Add a person"
        name={`${role}-user`}
        placeholder="Search people"
        onChange={(user) => {
          if (user?.id && !grant.accountIds.includes(user.id)) {
            change({ ...grant, accountIds: [...grant.accountIds, user.id] });
          }
          setPickerKey((k) => k + 1);
        }}
      />
      <FieldError error={error} field="accountIds" />
      <Label labelFor={`${role}-group`}>Jira groups (group ids)</Label>
      {grant.groupIds.length > 0 ? (
        <TagGroup>
          {grant.groupIds.map((g) => (
            <Tag
              key={g}
              text={g}
              isRemovable
              removeButtonLabel={`Remove ${g}`}
              onAfterRemoveAction={() =>
                change({ ...grant, groupIds: grant.groupIds.filter((x) => x !== g) })
              }
            />
          ))}
        </TagGroup>
      ) : null}
      <Inline space="space.100" alignBlock="center">
        <Textfield
          id={`${role}-group`}
          placeholder="Group id"
          value={group}
          width={320}
          onChange={(e) => setGroup(e.target.value)}
        />
        <Button onClick={addGroup} isDisabled={!group.trim()}>
          Add group
        </Button>
      </Inline>
      <FieldError error={error} field="groupIds" />
      {error && !error.fields?.length ? <ErrorBanner error={error} /> : null}
      {saved ? <Success>{`${title} saved.`}</Success> : null}
      <Inline>
        <Button
          appearance="primary"
          onClick={() => void save()}
          isDisabled={busy}
          testId={`role-save-${role}`}
        >
          {busy ? 'Saving…' : `Save ${title.toLowerCase()}`}
        </Button>
      </Inline>
    </Stack>
  );
}
