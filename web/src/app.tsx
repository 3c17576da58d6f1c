import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes } from 'react-router';
import { Provider as UrqlProvider } from 'urql';
import { AuthProvider } from './auth.js';
import { client } from './graphql/client.js';
import { useI18n } from './i18n.js';
import { RequireAuth } from './shell/RequireAuth.js';
import { RequirePermission } from './shell/RequirePermission.js';
import { LoadingState } from './ui/states.js';
import { useViewer, type Viewer } from './viewer.js';

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
const Overview = lazy(() => import('./screens/overview/Overview.js'));
const CitizenLayout = lazy(() => import('./screens/citizen/CitizenLayout.js'));
const Track = lazy(() => import('./screens/citizen/Track.js'));
const Submit = lazy(() => import('./screens/citizen/Submit.js'));
const OptOut = lazy(() => import('./screens/citizen/OptOut.js'));
const PublicSurvey = lazy(() => import('./screens/citizen/PublicSurvey.js'));
const Complain = lazy(() => import('./screens/citizen/Complain.js'));
const NationalComparison = lazy(() => import('./screens/national/Comparison.js'));
const NationalKpiRanking = lazy(() => import('./screens/national/KpiRanking.js'));
const NationalCompany = lazy(() => import('./screens/national/CompanyDrillDown.js'));
const NationalIncidents = lazy(() => import('./screens/national/IncidentBoard.js'));
const NationalEvaluations = lazy(() => import('./screens/national/Evaluations.js'));
const Benchmark = lazy(() => import('./screens/benchmark/Benchmark.js'));
const FollowUpWorklist = lazy(() => import('./screens/followup/Worklist.js'));
const FollowUpCase = lazy(() => import('./screens/followup/CaseDetail.js'));
const FollowUpOverview = lazy(() => import('./screens/followup/Overview.js'));
const FollowUpSettings = lazy(() => import('./screens/followup/Settings.js'));
const ComplaintList = lazy(() => import('./screens/complaints/ComplaintList.js'));
const RegisterComplaint = lazy(() => import('./screens/complaints/RegisterComplaint.js'));
const ComplaintDetail = lazy(() => import('./screens/complaints/ComplaintDetail.js'));
const Messaging = lazy(() => import('./screens/messaging/Messaging.js'));
const Surveys = lazy(() => import('./screens/surveys/Surveys.js'));
const SurveyCall = lazy(() => import('./screens/surveys/SurveyCall.js'));
const SurveyScores = lazy(() => import('./screens/surveys/Scores.js'));
const StatisticsDashboard = lazy(() => import('./screens/statistics/Dashboard.js'));
const StatisticsReports = lazy(() => import('./screens/statistics/Reports.js'));
const StatisticsReport = lazy(() => import('./screens/statistics/Report.js'));
const NotFound = lazy(() => import('./shell/NotFound.js'));

/**
 * The front page sends each role to its own work: a manager (and an executive) to today's overview of the centre,
 * an agent to the call screen, a follow-up officer to the follow-up worklist, a survey officer to the calls due, a unit
 * to its queue, an information officer to the knowledge base. A person with several roles lands by the first of them in that order. The national
 * office's supervisor (no company) lands on the provinces side by side.
 */
export function landingOf(viewer: Pick<Viewer, 'roles' | 'permissions'>): string {
  const has = (role: string) => (viewer.roles as readonly string[]).includes(role);
  const may = (permission: string) => viewer.permissions.includes(permission);
  if (may('national:read')) return '/national';
  if (has('CENTRE_MANAGER') && may('overview:read')) return '/overview';
  if (may('contacts:write')) return '/agent';
  if (has('FOLLOW_UP_OFFICER') && may('followups:read')) return '/followup';
  if (has('SURVEY_OFFICER') && may('surveys:read')) return '/surveys';
  if (may('requests:work')) return '/queue';
  if (may('overview:read')) return '/overview';
  if (may('knowledge:write')) return '/knowledge';
  if (may('requests:read')) return '/desk';
  if (may('benchmark:read')) return '/benchmark';
  return '/incidents';
}

function Home() {
  const { viewer } = useViewer();
  return viewer ? <Navigate to={landingOf(viewer)} replace /> : null;
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
              <Route path="/complain" element={<Complain />} />
              <Route path="/o/:tenant/:token" element={<OptOut />} />
              <Route path="/s/:tenant/:token" element={<PublicSurvey />} />
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
                  path="/overview"
                  element={
                    <RequirePermission permission="overview:read">
                      <Overview />
                    </RequirePermission>
                  }
                />
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
                  path="/followup"
                  element={
                    <RequirePermission permission="followups:read">
                      <FollowUpWorklist />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/followup/overview"
                  element={
                    <RequirePermission permission="followups:read">
                      <FollowUpOverview />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/followup/settings"
                  element={
                    <RequirePermission permission="followups:read">
                      <FollowUpSettings />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/followup/:caseId"
                  element={
                    <RequirePermission permission="followups:read">
                      <FollowUpCase />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/complaints"
                  element={
                    <RequirePermission permission="complaints:read">
                      <ComplaintList />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/complaints/new"
                  element={
                    <RequirePermission permission="complaints:register">
                      <RegisterComplaint />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/complaints/:complaintId"
                  element={
                    <RequirePermission permission="complaints:read">
                      <ComplaintDetail />
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
                {/* «اطلاع‌رسانی»: delivery reports, campaigns (and one campaign), templates, the SMS account, opt-outs. */}
                {['/messaging', '/messaging/:tab', '/messaging/:tab/:id'].map((path) => (
                  <Route
                    key={path}
                    path={path}
                    element={
                      <RequirePermission permission="messages:read">
                        <Messaging />
                      </RequirePermission>
                    }
                  />
                ))}
                <Route
                  path="/surveys/scores"
                  element={
                    <RequirePermission permission="surveys:read">
                      <SurveyScores />
                    </RequirePermission>
                  }
                />
                {/* «نظرسنجی تلفنی»: the calls due, the ended surveys, the questionnaire, the sampling rules; one survey's call. */}
                {['/surveys', '/surveys/ended', '/surveys/questionnaire', '/surveys/settings'].map((path) => (
                  <Route
                    key={path}
                    path={path}
                    element={
                      <RequirePermission permission="surveys:read">
                        <Surveys />
                      </RequirePermission>
                    }
                  />
                ))}
                <Route
                  path="/surveys/:surveyId"
                  element={
                    <RequirePermission permission="surveys:read">
                      <SurveyCall />
                    </RequirePermission>
                  }
                />
                {/* The centre's dashboard and its kept weekly and monthly reports. */}
                <Route
                  path="/statistics"
                  element={
                    <RequirePermission permission="statistics:read">
                      <StatisticsDashboard />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/statistics/reports"
                  element={
                    <RequirePermission permission="statistics:read">
                      <StatisticsReports />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/statistics/reports/:reportId"
                  element={
                    <RequirePermission permission="statistics:read">
                      <StatisticsReport />
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
                <Route
                  path="/national"
                  element={
                    <RequirePermission permission="national:read">
                      <NationalComparison />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/national/kpi/:kpi"
                  element={
                    <RequirePermission permission="national:read">
                      <NationalKpiRanking />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/national/company/:companyId"
                  element={
                    <RequirePermission permission="national:read">
                      <NationalCompany />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/national/incidents"
                  element={
                    <RequirePermission permission="national:read">
                      <NationalIncidents />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/national/evaluations"
                  element={
                    <RequirePermission permission="national:read">
                      <NationalEvaluations />
                    </RequirePermission>
                  }
                />
                <Route
                  path="/benchmark"
                  element={
                    <RequirePermission permission="benchmark:read">
                      <Benchmark />
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
