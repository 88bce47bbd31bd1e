import type { JSX } from 'solid-js';
import type { CatalogueEntry } from '../lib/views.js';
import { KeyPrefixWarning } from './key-prefix-warning.js';
import { TextField } from './ui/field.js';

// The guide and the account dialog share these, so a key is checked and a URL shown alike in both.

/** The key: masked, never autofilled, and checked against the provider's usual prefix. */
export function AccountKeyField(props: { provider: CatalogueEntry; label: string; hint?: string; value: string; onInput: (v: string) => void; required: boolean }) {
  return (
    <>
      <TextField
        label={props.label}
        hint={props.hint}
        value={props.value}
        onInput={props.onInput}
        required={props.required}
        type="password"
        autocomplete="off"
        spellcheck={false}
        data-testid="account-key"
      />
      <KeyPrefixWarning provider={props.provider} apiKey={props.value} />
    </>
  );
}

/** The base URL: empty means the provider's own, which the placeholder shows. */
export function AccountBaseUrlField(props: { provider: CatalogueEntry; label: string; hint: JSX.Element; value: string; onInput: (v: string) => void }) {
  return (
    <TextField
      label={props.label}
      hint={props.hint}
      value={props.value}
      onInput={props.onInput}
      type="url"
      spellcheck={false}
      placeholder={props.provider.baseUrl}
      data-testid="account-base-url"
    />
  );
}
