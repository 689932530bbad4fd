import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '../../components/Loading.tsx';
import { useAuth } from './AuthContext.tsx';

export function signInPath(returnTo: string) {
  return `/signin?returnTo=${encodeURIComponent(returnTo)}`;
}

/** Sends signed-out visitors to sign-in and back here afterwards; `staff` limits the page to officers. */
export function RequireAuth({ children, staff }: { children: ReactNode; staff?: boolean }) {
  const { me, ready } = useAuth();
  const loc = useLocation();
  if (!ready) return <Loading />;
  if (!me) return <Navigate to={signInPath(loc.pathname + loc.search)} replace />;
  if (staff && me.account.kind !== 'staff') return <Navigate to="/" replace />;
  return <>{children}</>;
}
