import { createContext, useContext, type ParentProps } from 'solid-js';
import type { ControlClient } from './api.js';

const ClientContext = createContext<ControlClient>();

export function ClientProvider(props: ParentProps<{ client: ControlClient }>) {
  return <ClientContext.Provider value={props.client}>{props.children}</ClientContext.Provider>;
}

export function useClient(): ControlClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientProvider');
  return client;
}
