import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import type { MeResponse, Permission } from '@anju/contracts';
import { can } from '@anju/contracts';
import { ApiError, apiRequest, onPasswordChangeRequired, onUnauthorized, setCsrfToken } from './api.ts';

export const ME_QUERY_KEY = ['auth', 'me'] as const;

export interface Auth {
  /** undefined while the session is being checked, null when signed out. */
  me: MeResponse | null | undefined;
  /** The session check failed for a reason other than "not signed in" (server down...). */
  error: Error | null;
  retry(): void;
  login(username: string, password: string): Promise<MeResponse>;
  logout(): Promise<void>;
  /** Re-reads /auth/me (e.g. after a password change clears mustChangePassword). */
  refresh(): Promise<void>;
  can(permission: Permission): boolean;
}

const AuthContext = createContext<Auth | null>(null);

async function fetchMe(): Promise<MeResponse | null> {
  try {
    const me = await apiRequest<MeResponse>('/auth/me', { quiet401: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: fetchMe,
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });

  /** Drops every cached answer of the previous user, then records who is signed in now. */
  const setMe = useCallback(
    (me: MeResponse | null) => {
      setCsrfToken(me?.csrfToken ?? null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
      queryClient.setQueryData(ME_QUERY_KEY, me);
    },
    [queryClient],
  );

  // Any 401 means the session ended (expired, password changed elsewhere): back to login.
  useEffect(() => onUnauthorized(() => setMe(null)), [setMe]);
  // The server wants a new password first: re-read /auth/me, whose flag sends the user there.
  useEffect(
    () => onPasswordChangeRequired(() => void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY })),
    [queryClient],
  );

  const value = useMemo<Auth>(() => {
    const me = query.data;
    return {
      me,
      error: query.error,
      retry: () => void query.refetch(),
      async login(username, password) {
        const result = await apiRequest<MeResponse>('/auth/login', {
          method: 'POST',
          body: { username, password },
          quiet401: true,
        });
        setMe(result);
        return result;
      },
      async logout() {
        try {
          await apiRequest('/auth/logout', { method: 'POST', quiet401: true });
        } finally {
          setMe(null);
        }
      },
      async refresh() {
        await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      },
      can: (permission) => !!me && can(me.user.role, permission),
    };
  }, [query.data, query.error, query.refetch, queryClient, setMe]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for pages behind RequireAuth. */
export function useMe(): MeResponse {
  const { me } = useAuth();
  if (!me) throw new Error('useMe on a page that is not behind RequireAuth');
  return me;
}
