import type { ModelKind, ProviderDescriptor } from './types.js';

/** The provider's declared models of one kind, in declared order (a model without a kind is a chat model). */
export function modelsOfKind(provider: ProviderDescriptor, kind: ModelKind): string[] {
  return provider.models.filter((m) => (m.kind ?? 'chat') === kind).map((m) => m.id);
}
