/** Roles: who is an app admin, a dispatcher or a technician (accounts and Jira groups). Tier-3 roles. */
import { type RoleSpec, RolesPanel } from '@suite/admin-ui';
import type { ReactNode } from 'react';
import { call } from '../api';

type Role = 'app-admin' | 'dispatcher' | 'technician';

const ROLES: readonly RoleSpec<Role>[] = [
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
  return (
    <RolesPanel
      roles={ROLES}
      load={() => call('getRoles', {})}
      save={(role, change) => call('saveRole', { role, ...change })}
      listFieldErrors
    />
  );
}
