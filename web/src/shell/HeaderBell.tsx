import { lazy, Suspense } from 'react';
import { usePermission } from '../viewer.js';

// Its own chunk: those without followups:read (the agent screen among them) never load it.
const NotificationBell = lazy(() => import('./NotificationBell.js'));

/** The header's notifications bell, for holders of followups:read only. */
export function HeaderBell() {
  const allowed = usePermission('followups:read');
  if (!allowed) return null;
  return (
    <Suspense fallback={null}>
      <NotificationBell />
    </Suspense>
  );
}
