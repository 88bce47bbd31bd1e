import { Search } from 'lucide-solid';

export function SearchBox(props: { value: string; onInput: (v: string) => void; label: string; placeholder?: string }) {
  return (
    <label class="relative block max-w-md">
      <span class="sr-only">{props.label}</span>
      <Search size={14} class="pointer-events-none absolute left-2.5 top-1/2 -translate-y-1/2 text-muted" />
      <input
        type="search"
        class="input pl-8"
        value={props.value}
        placeholder={props.placeholder}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        data-testid="provider-search"
      />
    </label>
  );
}
