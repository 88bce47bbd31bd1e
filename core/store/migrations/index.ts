import type { Migration, MigrationProvider } from 'kysely';
import { migration0001Initial } from './0001-initial.js';
import { migration0002RoutingState } from './0002-routing-state.js';
import { migration0003RequestLogAttempts } from './0003-request-log-attempts.js';
import { migration0004UsageAccounting } from './0004-usage-accounting.js';
import { migration0005LeanerLogIndexes } from './0005-leaner-log-indexes.js';
import { migration0006RequestLogWarnings } from './0006-request-log-warnings.js';
import { migration0007RequestLogEndpoint } from './0007-request-log-endpoint.js';
import { migration0008RoutingKeyRejected } from './0008-routing-key-rejected.js';
import { migration0009AuditLog } from './0009-audit-log.js';
import { migration0010GatewayKeys } from './0010-gateway-keys.js';
import { migration0011CombosAliases } from './0011-combos-aliases.js';
import { migration0012AccountTerms } from './0012-account-terms.js';

// Forward-only: a migration, once released, is never edited or removed; fixes go in a new
// numbered file. Names sort lexically, which is the order Kysely's Migrator applies them in.
const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': migration0001Initial,
  '0002-routing-state': migration0002RoutingState,
  '0003-request-log-attempts': migration0003RequestLogAttempts,
  '0004-usage-accounting': migration0004UsageAccounting,
  '0005-leaner-log-indexes': migration0005LeanerLogIndexes,
  '0006-request-log-warnings': migration0006RequestLogWarnings,
  '0007-request-log-endpoint': migration0007RequestLogEndpoint,
  '0008-routing-key-rejected': migration0008RoutingKeyRejected,
  '0009-audit-log': migration0009AuditLog,
  '0010-gateway-keys': migration0010GatewayKeys,
  '0011-combos-aliases': migration0011CombosAliases,
  '0012-account-terms': migration0012AccountTerms,
};

/** A static provider: bundlers and asar archives leave no migration folder to scan. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};
