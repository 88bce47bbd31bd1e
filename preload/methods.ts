/**
 * The contract's method names as a literal list. The preload cannot import CONTROL_METHODS
 * itself: that would bundle zod (about 440 KB) into a script every window runs first.
 * The type below fails to compile when a contract method is missing here, and
 * preload/bridge.test.ts checks the list equals CONTROL_METHODS.
 */
import type { ControlMethod } from '../core/control/contract.js';

export const BRIDGE_METHODS = ['gateway.status', 'providers.list', 'routing.status', 'routing.reset', 'quota.status', 'budgets.status', 'usage.summary', 'usage.timeseries', 'logs.list', 'logs.get', 'backup.create', 'backup.restore', 'config.export', 'config.import', 'connections.list', 'connections.create', 'connections.update', 'connections.delete', 'audit.list', 'keys.list', 'keys.create', 'keys.update', 'keys.revoke', 'keys.rotate', 'providers.catalogue', 'providers.create', 'providers.update', 'providers.delete', 'models.refresh', 'connections.test', 'combos.list', 'combos.create', 'combos.update', 'combos.delete', 'combos.reorder', 'combos.enable', 'aliases.list', 'aliases.set', 'aliases.delete', 'settings.get', 'settings.update', 'desktop.get', 'desktop.update', 'playground.send', 'playground.cancel', 'local.detect', 'local.add', 'network.get', 'network.setProxy', 'network.setNoProxy'] as const satisfies readonly ControlMethod[];

type Missing = Exclude<ControlMethod, (typeof BRIDGE_METHODS)[number]>;
// Compile-time check: `Missing` names every contract method absent from the list above.
export const bridgeCoversContract: [Missing] extends [never] ? true : Missing = true;
