/**
 * Gateway API keys made in the app: created with a random key shown once (only its hash is
 * kept), labelled, limited to models, given an expiry, revoked, rotated. Every change is
 * swapped into the keyring at once and written to the audit log; no key is ever written
 * anywhere but the answer to the create or rotate call.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { keyHash, type GatewayKeyring } from '../server/gateway-keyring.js';
import type { Store, StoredGatewayKey } from '../store/index.js';
import { AdminRefusal } from './admin-refusal.js';

export interface GatewayKeyView {
  id: string;
  label: string;
  /** The key's first characters, to recognise it. */
  hint: string;
  scopes: string[];
  expiresAt: number | null;
  createdAt: number;
  revokedAt: number | null;
}

/** A key as listed: with when it was last used and what it spent this month. */
export interface GatewayKeyListed extends GatewayKeyView {
  lastUsedAt: number | null;
  spentThisMonthUsd: number;
}

export interface GatewayKeyAdmin {
  list(): Promise<GatewayKeyListed[]>;
  create(input: { label: string; scopes?: string[] | undefined; expiresAt?: number | null | undefined }, actor: string): Promise<{ key: string; view: GatewayKeyView }>;
  update(input: { id: string; label?: string | undefined; scopes?: string[] | undefined; expiresAt?: number | null | undefined }, actor: string): Promise<GatewayKeyView>;
  revoke(id: string, actor: string): Promise<GatewayKeyView>;
  rotate(id: string, actor: string): Promise<{ key: string; view: GatewayKeyView }>;
}

export interface GatewayKeyAdminDeps {
  store: Pick<Store, 'gatewayKeys' | 'audit'>;
  keyring: Pick<GatewayKeyring, 'setStored'>;
  /** Labels the config file's keys use (read-only here, and taken). */
  fileLabels: readonly string[];
  now(): number;
  /** What the request log and the spend totals say of a key (by label); absent: nothing is known. */
  usage?(label: string): Promise<{ lastUsedAt: number | null; spentThisMonthUsd: number }>;
}

const KEY_PREFIX = 'omr-';

function newKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

function view(k: StoredGatewayKey): GatewayKeyView {
  return { id: k.id, label: k.label, hint: k.hint, scopes: k.scopes, expiresAt: k.expiresAt, createdAt: k.createdAt, revokedAt: k.revokedAt };
}

export function createGatewayKeyAdmin(deps: GatewayKeyAdminDeps): GatewayKeyAdmin {
  const { store } = deps;
  const refresh = async () => deps.keyring.setStored(await store.gatewayKeys.list());
  const audit = (actor: string, action: string, target: string, detail: Record<string, unknown>) =>
    store.audit.append({ ts: deps.now(), actor, action, target, detail });
  const find = async (id: string): Promise<StoredGatewayKey> => {
    const key = (await store.gatewayKeys.list()).find((k) => k.id === id);
    if (!key) throw new AdminRefusal(`No gateway key has the id "${id}".`);
    return key;
  };
  const assertFreeLabel = async (label: string, except?: string) => {
    if (deps.fileLabels.includes(label)) throw new AdminRefusal(`The config file already has a gateway key labelled "${label}". Pick another label.`);
    if ((await store.gatewayKeys.list()).some((k) => k.label === label && k.id !== except)) {
      throw new AdminRefusal(`A gateway key is already labelled "${label}". Pick another label.`);
    }
  };
  const assertFuture = (expiresAt: number | null | undefined) => {
    if (expiresAt !== undefined && expiresAt !== null && expiresAt <= deps.now()) throw new AdminRefusal('The expiry is in the past.');
  };

  return {
    async list() {
      const keys = await store.gatewayKeys.list();
      return Promise.all(keys.map(async (k) => ({ ...view(k), ...((await deps.usage?.(k.label)) ?? { lastUsedAt: null, spentThisMonthUsd: 0 }) })));
    },

    async create(input, actor) {
      await assertFreeLabel(input.label);
      assertFuture(input.expiresAt);
      const key = newKey();
      const stored: StoredGatewayKey = {
        id: randomUUID(),
        label: input.label,
        hash: keyHash(key),
        hint: key.slice(0, KEY_PREFIX.length + 4),
        scopes: input.scopes ?? [],
        expiresAt: input.expiresAt ?? null,
        createdAt: deps.now(),
        revokedAt: null,
      };
      await store.gatewayKeys.insert(stored);
      await refresh();
      await audit(actor, 'keys.create', input.label, { id: stored.id, scopes: stored.scopes, expiresAt: stored.expiresAt });
      return { key, view: view(stored) };
    },

    async update(input, actor) {
      const before = await find(input.id);
      if (input.label !== undefined && input.label !== before.label) await assertFreeLabel(input.label, before.id);
      assertFuture(input.expiresAt);
      await store.gatewayKeys.update(before.id, {
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.scopes !== undefined ? { scopes: input.scopes } : {}),
        ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
      });
      await refresh();
      const after = await find(before.id);
      await audit(actor, 'keys.update', after.label, {
        id: after.id,
        ...(after.label !== before.label ? { label: { from: before.label, to: after.label } } : {}),
        ...(input.scopes !== undefined ? { scopes: after.scopes } : {}),
        ...(input.expiresAt !== undefined ? { expiresAt: after.expiresAt } : {}),
      });
      return view(after);
    },

    async revoke(id, actor) {
      const key = await find(id);
      if (key.revokedAt === null) await store.gatewayKeys.update(id, { revokedAt: deps.now() });
      await refresh();
      await audit(actor, 'keys.revoke', key.label, { id });
      return view(await find(id));
    },

    async rotate(id, actor) {
      const before = await find(id);
      if (before.revokedAt !== null) throw new AdminRefusal(`The gateway key "${before.label}" is revoked; create a new one instead.`);
      const key = newKey();
      // The old key stops working the moment the new one is stored: same id, label and scopes.
      await store.gatewayKeys.update(id, { hash: keyHash(key), hint: key.slice(0, KEY_PREFIX.length + 4) });
      await refresh();
      await audit(actor, 'keys.rotate', before.label, { id });
      return { key, view: view(await find(id)) };
    },
  };
}
