import { Pencil, RotateCw, Ban } from 'lucide-solid';
import { For, Show, createSignal } from 'solid-js';
import { useClient } from '../../client-context.js';
import { Badge } from '../../components/ui/badge.js';
import { Button } from '../../components/ui/button.js';
import { ConfirmDialog } from '../../components/ui/confirm-dialog.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { createActions } from '../../lib/actions.js';
import { formatDate, formatDateTime, formatUsd } from '../../lib/format.js';
import type { GatewayKeyView } from '../../lib/views.js';

export function KeyRow(props: {
  view: GatewayKeyView;
  now: number;
  onEdit: () => void;
  onRotated: (key: string) => void;
  onChanged: () => void;
}) {
  const client = useClient();
  const { t, tag } = useI18n();
  const actions = createActions();
  const [confirm, setConfirm] = createSignal<'revoke' | 'rotate' | null>(null);
  const k = () => props.view;
  const revoked = () => k().revokedAt !== null;
  const expired = () => !revoked() && k().expiresAt !== null && (k().expiresAt ?? 0) <= props.now;

  return (
    <li class="flex flex-wrap items-start justify-between gap-3 border-b border-border px-4 py-3 last:border-b-0" data-testid="key-row" data-label={k().label} data-key-id={k().id}>
      <div class="flex min-w-0 flex-1 flex-col gap-1">
        <div class="flex flex-wrap items-center gap-2">
          <span class="font-medium">{k().label}</span>
          <code class="rounded bg-surface-2 px-1.5 text-xs text-muted" title={t('keys.hint')}>
            {k().hint}
          </code>
          <Show when={revoked()} fallback={<Badge tone={expired() ? 'warn' : 'ok'} testId="key-state">{expired() ? t('keys.expired') : t('keys.active')}</Badge>}>
            <Badge tone="bad" testId="key-state">
              {t('keys.revoked', { time: formatDateTime(tag(), k().revokedAt ?? 0) })}
            </Badge>
          </Show>
        </div>
        <div class="flex flex-wrap items-center gap-1">
          <Show when={k().scopes.length > 0} fallback={<span class="text-xs text-muted">{t('keys.allModels')}</span>}>
            <For each={k().scopes}>{(s) => <code class="rounded border border-border px-1.5 text-xs">{s}</code>}</For>
          </Show>
        </div>
        <dl class="m-0 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-muted">
          <div class="flex gap-1">
            <dt>{t('keys.created')}{t('common.colon')}</dt>
            <dd class="m-0">{formatDate(tag(), k().createdAt)}</dd>
          </div>
          <div class="flex gap-1">
            <dt>{t('keys.expires')}{t('common.colon')}</dt>
            <dd class="m-0">{k().expiresAt !== null ? formatDate(tag(), k().expiresAt ?? 0) : t('common.never')}</dd>
          </div>
          <div class="flex gap-1">
            <dt>{t('keys.lastUsed')}{t('common.colon')}</dt>
            <dd class="m-0" data-testid="key-last-used">
              {k().lastUsedAt !== null ? formatDateTime(tag(), k().lastUsedAt ?? 0) : t('common.never')}
            </dd>
          </div>
          <div class="flex gap-1">
            <dt>{t('keys.spent')}{t('common.colon')}</dt>
            <dd class="m-0 tabular-nums">{formatUsd(tag(), k().spentThisMonthUsd)}</dd>
          </div>
        </dl>
      </div>
      <Show when={!revoked()}>
        <div class="flex shrink-0 flex-wrap gap-1.5">
          <Button size="sm" onClick={() => props.onEdit()} data-testid="key-edit">
            <Pencil size={13} />
            {t('keys.edit')}
          </Button>
          <Button size="sm" onClick={() => setConfirm('rotate')} data-testid="key-rotate">
            <RotateCw size={13} />
            {t('keys.rotate')}
          </Button>
          <Button size="sm" variant="danger" onClick={() => setConfirm('revoke')} data-testid="key-revoke">
            <Ban size={13} />
            {t('keys.revoke')}
          </Button>
        </div>
      </Show>
      <ConfirmDialog
        open={confirm() !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={confirm() === 'rotate' ? t('keys.rotateTitle', { label: k().label }) : t('keys.revokeTitle', { label: k().label })}
        body={confirm() === 'rotate' ? t('keys.rotateBody') : t('keys.revokeBody')}
        confirmLabel={confirm() === 'rotate' ? t('keys.rotate') : t('keys.revoke')}
        tone={confirm() === 'rotate' ? 'primary' : 'danger'}
        onConfirm={async () => {
          if (confirm() === 'rotate') {
            const issued = await actions.run(() => client.call('keys.rotate', { id: k().id }));
            if (!issued) return false;
            props.onRotated(issued.key);
          } else {
            const done = await actions.run(() => client.call('keys.revoke', { id: k().id }), t('keys.revokedDone', { label: k().label }));
            if (!done) return false;
          }
          props.onChanged();
          return true;
        }}
      />
    </li>
  );
}
