import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, resetCsrf } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';

interface Auth {
  me: Me | null;
  /** false until the first "who am I" answer arrived */
  ready: boolean;
  isStaff: boolean;
  refresh: () => Promise<Me | null>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const m = await api<Me>('/me', { allowUnauthenticated: true });
      setMe(m);
      return m;
    } catch {
      setMe(null);
      return null;
    } finally {
      setReady(true);
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api('/auth/signout', { method: 'POST', allowUnauthenticated: true });
    } finally {
      resetCsrf();
      setMe(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo<Auth>(
    () => ({ me, ready, isStaff: me?.account.kind === 'staff', refresh, signOut }),
    [me, ready, refresh, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}
