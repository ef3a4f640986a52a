import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../lib/api.ts';
import { homeFor } from './next.ts';
import { useSession } from './session.tsx';

/** Shows its children to the given role (or roles); others go to sign-in or to their own home. */
export function RequireRole({ role, children }: { role: Role | Role[]; children: ReactNode }) {
  const { user, expired } = useSession();
  const loc = useLocation();
  if (!user) return <Navigate to={`/signin?next=${encodeURIComponent(loc.pathname + loc.search)}${expired ? '&expired=1' : ''}`} replace />;
  if (!(Array.isArray(role) ? role.includes(user.role) : user.role === role)) return <Navigate to={homeFor(user.role)} replace />;
  return <>{children}</>;
}
