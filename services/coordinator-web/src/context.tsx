import { createContext, useContext } from 'react';
import type { ApiClient } from './api/client';
import type { Me } from './api/types';

export interface Session {
  api: ApiClient;
  me: Me;
  is(role: string): boolean;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a logged-in page');
  return session;
}
