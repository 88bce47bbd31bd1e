import { createSignal } from 'solid-js';

/** A page's add/edit dialog: open for a new item (none given) or for the one being edited. */
export function createEditor<T>() {
  const [open, setOpen] = createSignal(false);
  const [editing, setEditing] = createSignal<T | undefined>();
  const edit = (item?: T) => {
    setEditing(() => item);
    setOpen(true);
  };
  return { open, setOpen, editing, edit };
}
