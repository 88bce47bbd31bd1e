import { issueMessages, pathMessage } from './issue-messages.js';
import type { ConfigPath } from './issue-messages.js';
import { aliasesSchema, comboSchema, limitSchema, routingSchema } from './routing-schema.js';
import type { ComboConfig, LimitConfig, RoutingConfig } from './routing-schema.js';
import { knownKeys } from './schema.js';
import { memberProblem, unknownProviderMessage } from './combo-members.js';

export interface RoutingSections {
  routing: RoutingConfig;
  combos: ComboConfig[];
  aliases: Record<string, string>;
  limits: LimitConfig[];
}

interface Ctx {
  providerIds: ReadonlySet<string>;
  /** provider id -> its connection labels in the file. */
  labels: ReadonlyMap<string, ReadonlySet<string>>;
  errors: string[];
}

function checkProvider(id: string, path: ConfigPath, ctx: Ctx): boolean {
  if (ctx.providerIds.has(id)) return true;
  ctx.errors.push(pathMessage(path, unknownProviderMessage(id, ctx)));
  return false;
}

/** Parses `routing`, `combos`, `aliases` and `limits`, reporting every error with its path. */
export function parseRoutingSections(
  raw: { routing?: unknown; combos?: unknown[]; aliases?: unknown; limits?: unknown[] },
  ctx: Ctx,
): RoutingSections {
  const { errors } = ctx;
  let routing: RoutingConfig = {};
  if (raw.routing !== undefined && raw.routing !== null) {
    const parsed = routingSchema.safeParse(raw.routing);
    if (parsed.success) {
      routing = parsed.data;
      (routing.disabledProviders ?? []).forEach((id, i) => checkProvider(id, ['routing', 'disabledProviders', i], ctx));
    } else errors.push(...issueMessages({ issues: parsed.error.issues, prefix: ['routing'], knownKeys: knownKeys(routingSchema), input: raw.routing }));
  }

  const combos: ComboConfig[] = [];
  const comboNames = new Map<string, number>();
  (raw.combos ?? []).forEach((item, index) => {
    const path: ConfigPath = ['combos', index];
    const parsed = comboSchema.safeParse(item);
    if (!parsed.success) {
      errors.push(...issueMessages({ issues: parsed.error.issues, prefix: path, knownKeys: knownKeys(comboSchema), input: item }));
      return;
    }
    const combo = parsed.data;
    const earlier = comboNames.get(combo.name);
    if (earlier !== undefined) {
      errors.push(pathMessage([...path, 'name'], `duplicate combo name "${combo.name}" (also combos[${earlier}])`));
      return;
    }
    comboNames.set(combo.name, index);
    let ok = true;
    combo.members.forEach((m, i) => {
      const problem = memberProblem(m, ctx);
      if (!problem) return;
      errors.push(pathMessage([...path, 'members', i, problem.field], problem.message));
      ok = false;
    });
    if (ok) combos.push(combo);
  });

  let aliases: Record<string, string> = {};
  if (raw.aliases !== undefined && raw.aliases !== null) {
    const parsed = aliasesSchema.safeParse(raw.aliases);
    if (parsed.success) {
      aliases = parsed.data;
      for (const [from, to] of Object.entries(aliases)) {
        if (from.includes('*') !== to.includes('*') || (from.includes('*') && !from.endsWith('*'))) {
          errors.push(pathMessage(['aliases', from], 'a wildcard alias ends in "*" on both sides ("claude-*": "anthropic/claude-*")'));
        }
      }
    } else errors.push(...issueMessages({ issues: parsed.error.issues, prefix: ['aliases'], knownKeys: [], input: raw.aliases }));
  }

  const limits: LimitConfig[] = [];
  (raw.limits ?? []).forEach((item, index) => {
    const parsed = limitSchema.safeParse(item);
    if (!parsed.success) {
      errors.push(...issueMessages({ issues: parsed.error.issues, prefix: ['limits', index], knownKeys: knownKeys(limitSchema), input: item }));
      return;
    }
    if (checkProvider(parsed.data.provider, ['limits', index, 'provider'], ctx)) limits.push(parsed.data);
  });
  return { routing, combos, aliases, limits };
}
