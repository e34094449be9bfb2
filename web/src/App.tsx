import { Route, Routes } from 'react-router-dom';
import { plannedCapabilities } from './capabilities';
import { AppLayout, RequireAdmin } from './components/AppLayout';
import { NotAvailable, NotFoundPage } from './components/NotAvailable';
import { ApiKeysPage } from './pages/api-keys/ApiKeysPage';
import { AuditLogPage } from './pages/audit/AuditLogPage';
import { ForgotPasswordPage } from './pages/auth/ForgotPasswordPage';
import { SetPasswordPage } from './pages/auth/SetPasswordPage';
import { SignInPage } from './pages/auth/SignInPage';
import { CustomerPage } from './pages/customers/CustomerPage';
import { CustomersPage } from './pages/customers/CustomersPage';
import { ImportCustomersPage } from './pages/customers/ImportCustomersPage';
import { InteractionPage } from './pages/interactions/InteractionPage';
import { InteractionsPage } from './pages/interactions/InteractionsPage';
import { DeadJobsPage } from './pages/jobs/DeadJobsPage';
import { OverviewPage } from './pages/overview/OverviewPage';
import { PeoplePage } from './pages/people/PeoplePage';
import { PersonPage } from './pages/people/PersonPage';
import { ImportResponsesPage } from './pages/responses/ImportResponsesPage';
import { ResponsePage } from './pages/responses/ResponsePage';
import { ResponsesPage } from './pages/responses/ResponsesPage';
import { ImportRosterPage } from './pages/roster/ImportRosterPage';
import { SurveyPage } from './pages/surveys/SurveyPage';
import { SurveysPage } from './pages/surveys/SurveysPage';
import { TeamsPage } from './pages/teams/TeamsPage';
import { WebhookPage } from './pages/webhooks/WebhookPage';
import { WebhooksPage } from './pages/webhooks/WebhooksPage';

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<SetPasswordPage mode="reset" />} />
      <Route path="/accept-invite" element={<SetPasswordPage mode="invite" />} />
      <Route element={<AppLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="surveys" element={<SurveysPage />} />
        <Route path="surveys/:id" element={<SurveyPage />} />
        <Route path="responses" element={<ResponsesPage />} />
        <Route path="responses/import" element={<ImportResponsesPage />} />
        <Route path="responses/:id" element={<ResponsePage />} />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="customers/import" element={<ImportCustomersPage />} />
        <Route path="customers/:id" element={<CustomerPage />} />
        <Route path="interactions" element={<InteractionsPage />} />
        <Route path="interactions/:id" element={<InteractionPage />} />
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
          <Route path="jobs" element={<DeadJobsPage />} />
          <Route path="audit" element={<AuditLogPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
