import { Center, Loader } from '@mantine/core';
import { type ComponentType, lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { plannedCapabilities } from './capabilities';
import { AppLayout, RequireAdmin } from './components/AppLayout';
import { NotAvailable, NotFoundPage } from './components/NotAvailable';
import { ApiKeysPage } from './pages/api-keys/ApiKeysPage';
import { AuditLogPage } from './pages/audit/AuditLogPage';
import { ForgotPasswordPage } from './pages/auth/ForgotPasswordPage';
import { SetPasswordPage } from './pages/auth/SetPasswordPage';
import { SignInPage } from './pages/auth/SignInPage';
import { CasePage } from './pages/cases/CasePage';
import { CaseSettingsPage } from './pages/cases/CaseSettingsPage';
import { CasesInboxPage } from './pages/cases/CasesInboxPage';
import { CustomerPage } from './pages/customers/CustomerPage';
import { CustomersPage } from './pages/customers/CustomersPage';
import { ImportCustomersPage } from './pages/customers/ImportCustomersPage';
import { HomePage } from './pages/home/HomePage';
import { InteractionPage } from './pages/interactions/InteractionPage';
import { InteractionsPage } from './pages/interactions/InteractionsPage';
import { DeadJobsPage } from './pages/jobs/DeadJobsPage';
import { PeoplePage } from './pages/people/PeoplePage';
import { PersonPage } from './pages/people/PersonPage';
import { FeedbackPage } from './pages/recognition/FeedbackPage';
import { GiveKudosLauncher } from './pages/recognition/GiveKudos';
import { KioskPage } from './pages/recognition/KioskPage';
import { ProfilePage } from './pages/recognition/ProfilePage';
import { TeamRecognitionPage } from './pages/recognition/TeamRecognitionPage';
import { WallPage } from './pages/recognition/WallPage';
import { ImportResponsesPage } from './pages/responses/ImportResponsesPage';
import { ResponsePage } from './pages/responses/ResponsePage';
import { ResponsesPage } from './pages/responses/ResponsesPage';
import { ImportRosterPage } from './pages/roster/ImportRosterPage';
import { SurveyPage } from './pages/surveys/SurveyPage';
import { SurveysPage } from './pages/surveys/SurveysPage';
import { TeamsPage } from './pages/teams/TeamsPage';
import { OutboundWebhookPage } from './pages/webhooks/OutboundWebhookPage';
import { OutboundWebhooksPage } from './pages/webhooks/OutboundWebhooksPage';
import { WebhookPage } from './pages/webhooks/WebhookPage';
import { WebhooksPage } from './pages/webhooks/WebhooksPage';

/**
 * A page loaded when first visited: the analytics pages bring ECharts, which the rest of the app
 * does not need (vite.config.ts gives it its own chunk).
 */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page: ComponentType = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return function LazyPage() {
    return (
      <Suspense
        fallback={
          <Center py="xl">
            <Loader aria-label="Loading page" />
          </Center>
        }
      >
        <Page />
      </Suspense>
    );
  };
}

const DashboardLayout = lazyPage(() => import('./pages/analytics/DashboardLayout'), 'DashboardLayout');
const OverviewDashboard = lazyPage(() => import('./pages/analytics/OverviewDashboard'), 'OverviewDashboard');
const TeamsDashboard = lazyPage(() => import('./pages/analytics/TeamsDashboard'), 'TeamsDashboard');
const EmployeesDashboard = lazyPage(
  () => import('./pages/analytics/EmployeesDashboard'),
  'EmployeesDashboard',
);
const QuestionsDashboard = lazyPage(
  () => import('./pages/analytics/QuestionsDashboard'),
  'QuestionsDashboard',
);
const TargetsPage = lazyPage(() => import('./pages/analytics/TargetsPage'), 'TargetsPage');
const PulsePage = lazyPage(() => import('./pages/culture/PulsePage'), 'PulsePage');
const ActionPlansPage = lazyPage(
  () => import('./pages/culture/action-plans/ActionPlansPage'),
  'ActionPlansPage',
);
const ClimatePage = lazyPage(() => import('./pages/culture/climate/ClimatePage'), 'ClimatePage');
const InternalCustomersPage = lazyPage(
  () => import('./pages/culture/internal/InternalCustomersPage'),
  'InternalCustomersPage',
);
const StrategyPage = lazyPage(() => import('./pages/strategy/StrategyPage'), 'StrategyPage');
const ScorecardPage = lazyPage(() => import('./pages/strategy/ScorecardPage'), 'ScorecardPage');
const TrainingPage = lazyPage(() => import('./pages/training/TrainingPage'), 'TrainingPage');
const TextSettingsPage = lazyPage(() => import('./pages/text/TextSettingsPage'), 'TextSettingsPage');
const TrainingModulePage = lazyPage(() => import('./pages/training/ModulePage'), 'ModulePage');

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<SetPasswordPage mode="reset" />} />
      <Route path="/accept-invite" element={<SetPasswordPage mode="invite" />} />
      <Route path="recognition/kiosk" element={<KioskPage />} />
      <Route
        element={
          <>
            <AppLayout />
            <GiveKudosLauncher />
          </>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="surveys" element={<SurveysPage />} />
        <Route path="surveys/:id" element={<SurveyPage />} />
        <Route path="responses" element={<ResponsesPage />} />
        <Route path="responses/import" element={<ImportResponsesPage />} />
        <Route path="responses/:id" element={<ResponsePage />} />
        <Route path="text" element={<TextSettingsPage />} />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="customers/import" element={<ImportCustomersPage />} />
        <Route path="customers/:id" element={<CustomerPage />} />
        <Route path="interactions" element={<InteractionsPage />} />
        <Route path="interactions/:id" element={<InteractionPage />} />
        <Route path="cases" element={<CasesInboxPage />} />
        <Route path="cases/settings" element={<CaseSettingsPage />} />
        <Route path="cases/:id" element={<CasePage />} />
        <Route path="recognition/wall" element={<WallPage />} />
        <Route path="recognition/kudos" element={<ProfilePage />} />
        <Route path="recognition/me" element={<ProfilePage />} />
        <Route path="recognition/people/:id" element={<ProfilePage />} />
        <Route path="recognition/teams/:id" element={<TeamRecognitionPage />} />
        <Route path="recognition/suggestions" element={<FeedbackPage />} />
        <Route path="feedback" element={<FeedbackPage />} />
        <Route path="analytics/dashboards" element={<DashboardLayout />}>
          <Route index element={<OverviewDashboard />} />
          <Route path="teams" element={<TeamsDashboard />} />
          <Route path="employees" element={<EmployeesDashboard />} />
          <Route path="questions" element={<QuestionsDashboard />} />
        </Route>
        <Route path="analytics/targets" element={<TargetsPage />} />
        <Route path="culture/pulse" element={<PulsePage />} />
        <Route path="culture/action-plans" element={<ActionPlansPage />} />
        <Route path="culture/climate" element={<ClimatePage />} />
        <Route path="culture/internal-customers" element={<InternalCustomersPage />} />
        <Route path="strategy" element={<StrategyPage />} />
        <Route path="strategy/scorecard" element={<ScorecardPage />} />
        <Route path="training" element={<TrainingPage />} />
        <Route path="training/modules/:id" element={<TrainingModulePage />} />
        {plannedCapabilities.map((capability) => (
          <Route
            key={capability.path}
            path={capability.path}
            element={<NotAvailable capability={capability} />}
          />
        ))}
        <Route path="admin" element={<RequireAdmin />}>
          <Route path="people" element={<PeoplePage />} />
          <Route path="people/:id" element={<PersonPage />} />
          <Route path="teams" element={<TeamsPage />} />
          <Route path="import" element={<ImportRosterPage />} />
          <Route path="api-keys" element={<ApiKeysPage />} />
          <Route path="webhooks" element={<WebhooksPage />} />
          <Route path="webhooks/:id" element={<WebhookPage />} />
          <Route path="outbound-webhooks" element={<OutboundWebhooksPage />} />
          <Route path="outbound-webhooks/:id" element={<OutboundWebhookPage />} />
          <Route path="jobs" element={<DeadJobsPage />} />
          <Route path="audit" element={<AuditLogPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
