/**
 * The daily personal data report (Atlassian's user privacy requirement), by the shared run of @suite/permissions.
 * For an account Atlassian reports closed: API keys, exports, push destinations and schedules keep their record
 * with `closed-account` as creator / reviser; role grants revoked; audit entries name `closed-account` instead.
 */
import {
  auditLogHolder,
  CLOSED_ACCOUNT,
  createAuditLog,
  forgeKvsStore,
  type PersonalDataHolder,
  personalDataTrigger,
  roleGrantsHolder,
} from '@suite/permissions';
import { anonymiseAccounts, personalAccounts } from '../storage/privacy';

export const PRIVACY_TRIGGER = 'assets-to-sql-privacy-report';

const configHolder: PersonalDataHolder = {
  name: 'API keys, exports, destinations and schedules',
  accounts: personalAccounts,
  erase: (accountIds) => anonymiseAccounts(accountIds, CLOSED_ACCOUNT),
};

export const privacyReport = personalDataTrigger(PRIVACY_TRIGGER, () => {
  const store = forgeKvsStore();
  return {
    holders: [configHolder, roleGrantsHolder(store, ['app-admin', 'exporter']), auditLogHolder(store)],
    store,
    audit: createAuditLog(store),
  };
});
