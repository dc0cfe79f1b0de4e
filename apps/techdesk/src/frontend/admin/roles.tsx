/** Roles tab: who is an app admin and who is an agent (accounts and Jira groups). */
import { type RoleSpec, RolesPanel } from '@suite/admin-ui';
import type { ReactNode } from 'react';
import { call } from '../api';

type Role = 'app-admin' | 'agent';

const ROLES: readonly RoleSpec<Role>[] = [
  {
    role: 'app-admin',
    title: 'App admins',
    help: 'Configure projects, canned responses, Assets and roles, and read feedback and the audit log. Jira admins are app admins without a grant.',
  },
  { role: 'agent', title: 'Agents', help: 'Use the TechDesk panel on tickets they can work on in Jira.' },
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
