/**
 * The daily personal data report (Atlassian's user privacy requirement), by the shared run of @suite/permissions:
 * DispatchDesk stores account ids in technician profiles (whose profile, and `updatedBy`), role grants and the audit
 * log. For an account Atlassian reports closed: their profile is deleted, `updatedBy` naming them in others'
 * profiles becomes `closed-account`, their role grants are revoked and audit entries name `closed-account` instead.
 */
import {
  auditLogHolder,
  CLOSED_ACCOUNT,
  type PersonalDataHolder,
  personalDataTrigger,
  roleGrantsHolder,
} from '@suite/permissions';
import {
  deleteTechnician,
  listTechnicianAccounts,
  permissionStore,
  updateTechnician,
} from '../storage/store';
import { ANY_ROLE, audit } from './common';

export const PRIVACY_TRIGGER = 'dispatchdesk-privacy-report';

const technicianHolder: PersonalDataHolder = {
  name: 'technician profiles',
  async accounts() {
    const stored = await listTechnicianAccounts();
    return [
      ...stored.map((t) => ({ accountId: t.accountId, updatedAt: t.updatedAt })),
      ...stored.map((t) => ({ accountId: t.updatedBy, updatedAt: t.updatedAt })),
    ];
  },
  async erase(accountIds) {
    const gone = new Set(accountIds);
    // The run's `privacy.erase` entry records it; no entry here names the account.
    for (const accountId of accountIds) await deleteTechnician(accountId, () => []);
    for (const t of await listTechnicianAccounts()) {
      if (!gone.has(t.updatedBy)) continue;
      await updateTechnician(t.accountId, (current) =>
        current
          ? { ...current, updatedBy: gone.has(current.updatedBy) ? CLOSED_ACCOUNT : current.updatedBy }
          : null,
      );
    }
  },
};

export const privacyReport = personalDataTrigger(PRIVACY_TRIGGER, () => {
  const store = permissionStore();
  return {
    holders: [technicianHolder, roleGrantsHolder(store, ANY_ROLE), auditLogHolder(store)],
    store,
    audit: audit(),
  };
});
