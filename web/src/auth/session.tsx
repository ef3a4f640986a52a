// Who is signed in: the token lives in localStorage; sign-out revokes it on the server.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { client, data, loadSession, saveSession, setSessionExpiredHandler, type Role, type Session, type User } from '../lib/api.ts';

type SessionApi = {
  session: Session | null;
  user: User | null;
  expired: boolean;
  signIn(email: string, password: string): Promise<User>;
  signOut(): Promise<void>;
  updateUser(u: User): void;
};

const Ctx = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [expired, setExpired] = useState(false);

  const set = useCallback((s: Session | null) => {
    saveSession(s);
    setSession(s);
  }, []);

  useEffect(() => {
    setSessionExpiredHandler(() => {
      set(null);
      setExpired(true);
      qc.clear();
    });
  }, [qc, set]);

  // Another tab signed in or out.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === 'trio.session') setSession(loadSession());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const value = useMemo<SessionApi>(
    () => ({
      session,
      user: session?.user ?? null,
      expired,
      async signIn(email, password) {
        const s = await data(client.POST('/api/auth/login', { body: { email, password } }));
        qc.clear();
        set(s);
        setExpired(false);
        return s.user;
      },
      async signOut() {
        try {
          await client.POST('/api/auth/logout');
        } catch {
          /* already gone on the server: sign out here anyway */
        }
        set(null);
        qc.clear();
      },
      updateUser(u) {
        if (session) set({ ...session, user: u });
      },
    }),
    [session, expired, qc, set],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession() {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
