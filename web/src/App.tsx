import { Route, Routes } from 'react-router-dom';
import { plannedCapabilities } from './capabilities';
import { AppLayout, RequireAdmin } from './components/AppLayout';
import { NotAvailable, NotFoundPage } from './components/NotAvailable';
import { ApiKeysPage } from './pages/api-keys/ApiKeysPage';
import { AuditLogPage } from './pages/audit/AuditLogPage';
import { ForgotPasswordPage } from './pages/auth/ForgotPasswordPage';
import { SetPasswordPage } from './pages/auth/SetPasswordPage';
import { SignInPage } from './pages/auth/SignInPage';
import { OverviewPage } from './pages/overview/OverviewPage';
import { PeoplePage } from './pages/people/PeoplePage';
import { PersonPage } from './pages/people/PersonPage';
import { ImportRosterPage } from './pages/roster/ImportRosterPage';
import { TeamsPage } from './pages/teams/TeamsPage';

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<SetPasswordPage mode="reset" />} />
      <Route path="/accept-invite" element={<SetPasswordPage mode="invite" />} />
      <Route element={<AppLayout />}>
        <Route index element={<OverviewPage />} />
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
          <Route path="audit" element={<AuditLogPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
