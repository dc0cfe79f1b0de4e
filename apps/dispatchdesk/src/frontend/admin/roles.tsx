/** Roles: who is an app admin, a dispatcher or a technician (accounts and Jira groups). Tier-3 roles. */
import { type RoleSpec, RolesPanel } from '@suite/admin-ui';
import type { ReactNode } from 'react';
import { call } from '../api';

type Role = 'app-admin' | 'dispatcher' | 'technician';

const ROLES: readonly RoleSpec<Role>[] = [
  {
    role: 'app-admin',
    title: 'App admins',
    help: 'Use this admin page (projects, phases, transitions, the map, roles, the audit log) and do everything a dispatcher can in the console. Only Jira admins can hold this role. While nobody is listed, every Jira admin is an app admin; once anyone is listed, only the Jira admins listed are. You cannot save a list that leaves you out.',
  },
  {
    role: 'dispatcher',
    title: 'Dispatchers',
    help: 'Use the console: rank and assign technicians to tickets, start travel and arrive on any ticket, and see and edit any technician’s profile (skills, availability, location). Jira must still let them assign and transition the ticket.',
  },
  {
    role: 'technician',
    title: 'Technicians',
    help: 'See the console, start travel and arrive on tickets assigned to them, and see and edit only their own availability and location (not their skills).',
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
