import {
  DragDropProvider,
  DragDropSensors,
  SortableProvider,
  closestCenter,
  createSortable,
  transformStyle,
  type DragEvent,
} from '@thisbeyond/solid-dnd';
import { ArrowDown, ArrowUp, GripVertical } from 'lucide-solid';
import { For, Show, type JSX } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';
import { IconButton } from './button.js';

interface ReorderListProps<T> {
  items: readonly T[];
  itemId: (item: T) => string;
  /** The item's name for the move buttons' labels ("Move main up"). */
  itemName: (item: T) => string;
  renderItem: (item: T, index: () => number) => JSX.Element;
  onMove: (from: number, to: number) => void;
  /** Read-only lists show their order without drag handles or move buttons. */
  readOnly?: boolean;
  disabled?: boolean;
  testId?: string;
}

/**
 * An ordered list the user reorders by dragging the grip, or with the up/down buttons
 * (drag and drop alone is out of reach for keyboard and screen-reader users).
 */
export function ReorderList<T>(props: ReorderListProps<T>) {
  const ids = () => props.items.map(props.itemId);
  const onDragEnd = ({ draggable, droppable }: DragEvent) => {
    if (!draggable || !droppable) return;
    const from = ids().indexOf(String(draggable.id));
    const to = ids().indexOf(String(droppable.id));
    if (from !== -1 && to !== -1 && from !== to) props.onMove(from, to);
  };
  return (
    <DragDropProvider onDragEnd={onDragEnd} collisionDetector={closestCenter}>
      <DragDropSensors />
      <ol class="m-0 flex list-none flex-col gap-1.5 p-0" data-testid={props.testId}>
        <SortableProvider ids={ids()}>
          <For each={props.items}>
            {(item, index) => <Row item={item} index={index} list={props} />}
          </For>
        </SortableProvider>
      </ol>
    </DragDropProvider>
  );
}

function Row<T>(props: { item: T; index: () => number; list: ReorderListProps<T> }) {
  const { t } = useI18n();
  const sortable = createSortable(props.list.itemId(props.item));
  const name = () => props.list.itemName(props.item);
  const last = () => props.index() === props.list.items.length - 1;
  return (
    <li
      ref={sortable.ref}
      style={transformStyle(sortable.transform)}
      classList={{ 'opacity-60 z-10 relative': sortable.isActiveDraggable }}
      class="flex items-center gap-2 rounded-md border border-border bg-surface px-2 py-1.5"
      data-testid="reorder-row"
    >
      <Show when={!props.list.readOnly}>
        <span
          {...sortable.dragActivators}
          class="cursor-grab touch-none text-muted hover:text-fg"
          aria-hidden="true"
          data-testid="drag-handle"
          title={t('common.dragToReorder')}
        >
          <GripVertical size={16} />
        </span>
      </Show>
      <div class="min-w-0 flex-1">{props.list.renderItem(props.item, props.index)}</div>
      <Show when={!props.list.readOnly}>
        <div class="flex shrink-0 gap-0.5">
          <IconButton
            label={t('common.moveUp', { name: name() })}
            disabled={props.list.disabled || props.index() === 0}
            onClick={() => props.list.onMove(props.index(), props.index() - 1)}
            data-testid="move-up"
          >
            <ArrowUp size={14} />
          </IconButton>
          <IconButton
            label={t('common.moveDown', { name: name() })}
            disabled={props.list.disabled || last()}
            onClick={() => props.list.onMove(props.index(), props.index() + 1)}
            data-testid="move-down"
          >
            <ArrowDown size={14} />
          </IconButton>
        </div>
      </Show>
    </li>
  );
}
