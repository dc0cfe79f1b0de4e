/**
 * The role-grants panel: for each of an app's roles, the accounts and Jira groups granted it, each role saved on
 * its own. The app passes its roles and two callbacks that call its own resolvers (`getRoles`, `saveRole`), so
 * the resolver keys stay literal in the app's code. A save sends what the admin added and removed (not the whole
 * list), so it is applied to the grants as stored then: another admin's concurrent change is kept, and shown
 * after the save.
 */
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
import { ErrorBanner, FieldError, Loading, Success } from './components';
import type { ApiError, ApiResult } from './result';

/** One role as the panel shows it. */
export interface RoleSpec<R extends string = string> {
  readonly role: R;
  readonly title: string;
  readonly help: string;
}

/** Who holds a role: Atlassian account ids and Jira group ids. */
export interface Grant {
  accountIds: string[];
  groupIds: string[];
}

/** One save: the ids added and removed since the grants were loaded (or last saved). */
export interface GrantChange {
  readonly grant: { readonly accountIds: string[]; readonly groupIds: string[] };
  readonly revoke: { readonly accountIds: string[]; readonly groupIds: string[] };
}

/** What was added to and removed from `before` to get `after`. */
export function grantChange(before: Grant, after: Grant): GrantChange {
  const added = (from: readonly string[], to: readonly string[]) => to.filter((x) => !from.includes(x));
  return {
    grant: {
      accountIds: added(before.accountIds, after.accountIds),
      groupIds: added(before.groupIds, after.groupIds),
    },
    revoke: {
      accountIds: added(after.accountIds, before.accountIds),
      groupIds: added(after.groupIds, before.groupIds),
    },
  };
}

/** What `getRoles` answers: the grants by role (a role nobody was granted may be missing). */
export interface RolesData {
  readonly roles: Readonly<
    Record<
      string,
      { readonly accountIds?: readonly string[]; readonly groupIds?: readonly string[] } | undefined
    >
  >;
}

export interface RolesPanelProps<R extends string> {
  readonly roles: readonly RoleSpec<R>[];
  /** Loads the grants (the app's `call('getRoles', {})`). */
  readonly load: () => Promise<ApiResult<RolesData>>;
  /**
   * Saves one role's change (the app's `call('saveRole', { role, ...change })`); answers the role's grants as
   * stored afterwards, including other admins' changes.
   */
  readonly save: (
    role: R,
    change: GrantChange,
  ) => Promise<ApiResult<{ readonly accountIds?: readonly string[]; readonly groupIds?: readonly string[] }>>;
  /** Passed to the error banner (lists field errors in it). */
  readonly listFieldErrors?: boolean;
}

export function RolesPanel<R extends string>({
  roles,
  load,
  save,
  listFieldErrors,
}: RolesPanelProps<R>): ReactNode {
  const [grants, setGrants] = useState<Partial<Record<R, Grant>> | undefined>();
  const [error, setError] = useState<ApiError | undefined>();

  // Loaded once, on mount (as the tab opens); the callbacks need not be stable.
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on mount
  useEffect(() => {
    void (async () => {
      const result = await load();
      if (!result.ok) return setError(result.error);
      const next: Partial<Record<R, Grant>> = {};
      for (const { role } of roles) {
        next[role] = {
          accountIds: [...(result.data.roles[role]?.accountIds ?? [])],
          groupIds: [...(result.data.roles[role]?.groupIds ?? [])],
        };
      }
      setGrants(next);
    })();
  }, []);

  if (error) return <ErrorBanner error={error} listFields={listFieldErrors} />;
  if (!grants) return <Loading label="Loading roles…" />;
  return (
    <Stack space="space.300">
      {roles.map((r) => (
        <RoleEditor
          key={r.role}
          role={r.role}
          title={r.title}
          help={r.help}
          initial={grants[r.role] ?? { accountIds: [], groupIds: [] }}
          save={save}
          listFieldErrors={listFieldErrors}
        />
      ))}
    </Stack>
  );
}

function RoleEditor<R extends string>({
  role,
  title,
  help,
  initial,
  save: saveRole,
  listFieldErrors,
}: {
  role: R;
  title: string;
  help: string;
  initial: Grant;
  save: RolesPanelProps<R>['save'];
  listFieldErrors: boolean | undefined;
}): ReactNode {
  const [grant, setGrant] = useState<Grant>(initial);
  // The grants as the server last reported them: a save sends the difference from these.
  const [base, setBase] = useState<Grant>(initial);
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
    const result = await saveRole(role, grantChange(base, grant));
    setBusy(false);
    if (!result.ok) return setError(result.error);
    const stored = {
      accountIds: [...(result.data.accountIds ?? grant.accountIds)],
      groupIds: [...(result.data.groupIds ?? grant.groupIds)],
    };
    setBase(stored);
    setGrant(stored);
    setSaved(true);
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
      {error && !error.fields?.length ? <ErrorBanner error={error} listFields={listFieldErrors} /> : null}
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
