import { splitProps, type JSX } from 'solid-js';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-accent text-accent-fg border-accent hover:opacity-90',
  secondary: 'bg-surface text-fg border-border hover:border-accent hover:text-accent',
  danger: 'bg-surface text-bad border-border hover:border-bad hover:bg-bad-soft',
  ghost: 'bg-transparent text-fg border-transparent hover:bg-surface-2',
};

export function buttonClass(variant: ButtonVariant = 'secondary', size: 'sm' | 'md' = 'md'): string {
  const sizing = size === 'sm' ? 'h-7 px-2 text-[13px] gap-1' : 'h-9 px-3 gap-1.5';
  return `inline-flex items-center justify-center whitespace-nowrap rounded-md border font-medium ${sizing} ${VARIANTS[variant]} disabled:opacity-50 disabled:pointer-events-none cursor-pointer transition-colors`;
}

export function Button(
  props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: 'sm' | 'md' },
) {
  const [own, rest] = splitProps(props, ['variant', 'size', 'class', 'type']);
  return <button type={own.type ?? 'button'} class={`${buttonClass(own.variant, own.size)} ${own.class ?? ''}`} {...rest} />;
}

/** A square button with only an icon; `label` is what screen readers and the tooltip say. */
export function IconButton(
  props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { label: string; variant?: ButtonVariant },
) {
  const [own, rest] = splitProps(props, ['label', 'variant', 'class']);
  return (
    <button
      type="button"
      aria-label={own.label}
      title={own.label}
      class={`${buttonClass(own.variant ?? 'ghost', 'sm')} w-7 px-0 ${own.class ?? ''}`}
      {...rest}
    />
  );
}
