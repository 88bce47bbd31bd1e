/** The shapes the control API answers with, named once for the dashboard (types only). */
import type { ControlInput, ControlOutput } from '../../../core/control/contract.js';

export type GatewayStatus = ControlOutput<'gateway.status'>;
export type ProviderSummary = ControlOutput<'providers.list'>[number];
export type CatalogueEntry = ControlOutput<'providers.catalogue'>[number];
export type ConnectionView = ControlOutput<'connections.list'>[number];
export type ConnectionTestResult = ControlOutput<'connections.test'>;
export type ComboView = ControlOutput<'combos.list'>[number];
export type ComboMember = ComboView['members'][number];
export type GatewayKeyView = ControlOutput<'keys.list'>[number];
export type SettingsView = ControlOutput<'settings.get'>;
export type SettingView = SettingsView['settings'][number];
export type SettingKey = SettingView['key'];
export type SettingsValues = ControlInput<'settings.update'>['values'];
export type RoutingStatus = ControlOutput<'routing.status'>;
export type QuotaStatus = ControlOutput<'quota.status'>;
export type ConnectionQuota = QuotaStatus['connections'][number];
export type QuotaWindowStatus = ConnectionQuota['windows'][number];
export type BudgetsStatus = ControlOutput<'budgets.status'>;
export type LocalDetection = ControlOutput<'local.detect'>;
export type LocalServerView = LocalDetection['servers'][number];
export type LocalAdded = ControlOutput<'local.add'>;
export type NetworkView = ControlOutput<'network.get'>;
