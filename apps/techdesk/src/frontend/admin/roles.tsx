/** Roles tab: who is an app admin and who is an agent (accounts and Jira groups). */
import { type RoleSpec, RolesPanel } from '@suite/admin-ui';
import type { ReactNode } from 'react';
import { call } from '../api';

type Role = 'app-admin' | 'agent';

const ROLES: readonly RoleSpec<Role>[] = [
  {
    role: 'app-admin',
    title: 'App admins',
    help: 'Use this admin page: projects, canned responses, Assets, roles, feedback and the audit log. Only Jira admins can hold this role. While nobody is listed, every Jira admin is an app admin; once anyone is listed, only the Jira admins listed are. You cannot save a list that leaves you out.',
  },
  {
    role: 'agent',
    title: 'Agents',
    help: 'Use the TechDesk panel, on tickets Jira lets them work on as service desk agents. While nobody is listed, every such agent may; once anyone is listed, only those listed.',
  },
];

export function RolesTab(): ReactNode {
  return (
    <RolesPanel
      roles={ROLES}
      load={() => call('getRoles', {})}
      save={(role, change) => call('saveRole', { role, ...change })}
    />
  );
}
