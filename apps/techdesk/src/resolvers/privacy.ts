/**
 * The daily personal data report (Atlassian's user privacy requirement), by the shared run of @suite/permissions.
 * TechDesk stores account ids in running timers, personal canned responses (owner), canned responses' `updatedBy`,
 * feedback (author), role grants and the audit log. For an account Atlassian reports closed: timer, personal
 * canned responses and feedback deleted; `updatedBy` and audit entries name `closed-account`; role grants revoked.
 */
import {
  auditLogHolder,
  CLOSED_ACCOUNT,
  type PersonalDataHolder,
  personalDataTrigger,
  roleGrantsHolder,
} from '@suite/permissions';
import { erasePersonalData, permissionStore, personalAccounts } from '../storage/store';
import { audit } from './common';

export const PRIVACY_TRIGGER = 'techdesk-privacy-report';

const techdeskHolder: PersonalDataHolder = {
  name: 'timers, canned responses and feedback',
  accounts: personalAccounts,
  erase: (accountIds) => erasePersonalData(accountIds, CLOSED_ACCOUNT),
};

export const privacyReport = personalDataTrigger(PRIVACY_TRIGGER, () => {
  const store = permissionStore();
  return {
    holders: [techdeskHolder, roleGrantsHolder(store, ['app-admin', 'agent']), auditLogHolder(store)],
    store,
    audit: audit(),
  };
});
