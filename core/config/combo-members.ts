/** The cross-checks of a combo member, shared by the config file and the app so both say the same. */
export interface MemberContext {
  providerIds: ReadonlySet<string>;
  /** provider id -> its connection labels. */
  labels: ReadonlyMap<string, ReadonlySet<string>>;
}

export function providerOf(model: string): string | undefined {
  const slash = model.indexOf('/');
  return slash > 0 ? model.slice(0, slash) : undefined;
}

export function unknownProviderMessage(id: string, ctx: Pick<MemberContext, 'providerIds'>): string {
  return `unknown provider "${id}" (known: ${[...ctx.providerIds].sort().join(', ')})`;
}

/** What is wrong with one member, by field; undefined when it is sound. */
export function memberProblem(member: { model: string; connection?: string | undefined }, ctx: MemberContext): { field: 'model' | 'connection'; message: string } | undefined {
  const provider = providerOf(member.model);
  if (!provider) return { field: 'model', message: `must be "<provider>/<model>", got "${member.model}"` };
  if (!ctx.providerIds.has(provider)) return { field: 'model', message: unknownProviderMessage(provider, ctx) };
  if (member.connection !== undefined && !ctx.labels.get(provider)?.has(member.connection)) {
    return { field: 'connection', message: `no connection labelled "${member.connection}" for provider "${provider}"` };
  }
  return undefined;
}
