import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes } from 'react-router';
import { Provider as UrqlProvider } from 'urql';
import { AuthProvider } from './auth.js';
import { client } from './graphql/client.js';
import { useI18n } from './i18n.js';
import { RequireAuth } from './shell/RequireAuth.js';
import { RequirePermission } from './shell/RequirePermission.js';
import { LoadingState } from './ui/states.js';
import { usePermission } from './viewer.js';

// One chunk per screen: the agent screen loads only what it needs.
const PortalShell = lazy(() => import('./shell/PortalShell.js'));
const Callback = lazy(() => import('./screens/auth/Callback.js'));
const AgentWorkspace = lazy(() => import('./screens/agent/AgentWorkspace.js'));
const Desk = lazy(() => import('./screens/desk/Desk.js'));
const RequestDetail = lazy(() => import('./screens/desk/RequestDetail.js'));
const Contacts = lazy(() => import('./screens/contacts/Contacts.js'));
const Queue = lazy(() => import('./screens/queue/Queue.js'));
const Incidents = lazy(() => import('./screens/incidents/Incidents.js'));
const Outages = lazy(() => import('./screens/incidents/Outages.js'));
const Knowledge = lazy(() => import('./screens/knowledge/Knowledge.js'));
const Search = lazy(() => import('./screens/search/Search.js'));
const CitizenLayout = lazy(() => import('./screens/citizen/CitizenLayout.js'));
const Track = lazy(() => import('./screens/citizen/Track.js'));
const Submit = lazy(() => import('./screens/citizen/Submit.js'));
const NotFound = lazy(() => import('./shell/NotFound.js'));

/** The front page sends each role to its own screen. */
function Home() {
  const agent = usePermission('contacts:write');
  const works = usePermission('requests:work');
  const dispatches = usePermission('requests:dispatch');
  const writesKnowledge = usePermission('knowledge:write');
  const readsRequests = usePermission('requests:read');
  const to = agent
    ? '/agent'
    : dispatches
      ? '/desk'
      : works
        ? '/queue'
        : writesKnowledge
          ? '/knowledge'
          : readsRequests
            ? '/desk'
            : '/incidents';
  return <Navigate to={to} replace />;
}

function Loading() {
  const { t } = useI18n();
  return <LoadingState label={t('loading')} />;
}

export function App() {
  return (
    <UrqlProvider value={client}>
      <BrowserRouter>
        <Suspense fallback={<Loading />}>
          <Routes>
            {/* Citizen pages: no sign-in, usable on a phone. */}
            <Route element={<CitizenLayout />}>
              <Route path="/track" element={<Track />} />
              <Route path="/submit" element={<Submit />} />
            </Route>
            <Route
              element={
                <AuthProvider>
                  <Outlet />
                </AuthProvider>
              }
            >
              <Route path="/auth/callback" element={<Callback />} />
              <Route
                element={
                  <RequireAuth>
                    <PortalShell />
                  </RequireAuth>
                }
              >
                <Route index element={<Home />} />
                <Route
                  path="/agent"
                  element={
                    <RequirePermission permission="contacts:write">
                      <AgentWorkspace />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/desk"
                  element={
                    <RequirePermission permission="requests:read">
                      <Desk />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/desk/:trackingCode"
                  element={
                    <RequirePermission permission="requests:read">
                      <RequestDetail />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/contacts"
                  element={
                    <RequirePermission permission="contacts:read">
                      <Contacts />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/queue"
                  element={
                    <RequirePermission permission="requests:read">
                      <Queue />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/incidents"
                  element={
                    <RequirePermission permission="incidents:read">
                      <Incidents />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/outages"
                  element={
                    <RequirePermission permission="incidents:read">
                      <Outages />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/knowledge"
                  element={
                    <RequirePermission permission="knowledge:read">
                      <Knowledge />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/search"
                  element={
                    <RequirePermission permission="search:read">
                      <Search />
                    </RequirePermission>
                  }
                />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Route>
          </Routes>
        </Suspense>
      </BrowserRouter>
    </UrqlProvider>
  );
}
