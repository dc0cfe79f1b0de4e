import { asUser } from '@forge/api';
import { createAuditLog } from './audit';
import { consoleLogger, type ResolverDeps } from './resolver';
import { forgeKvsStore } from './store';

/** Production wiring: Jira as the invoking user, Forge KVS for roles and the audit log. */
export function forgeResolverDeps(): ResolverDeps {
  const store = forgeKvsStore();
  return {
    requestJira: (path) => asUser().requestJira(path),
    store,
    audit: createAuditLog(store),
    logger: consoleLogger,
  };
}
