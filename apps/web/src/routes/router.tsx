import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from '../components/AppLayout.tsx';
import { Loading } from '../components/Loading.tsx';
import { RequireAuth } from '../features/auth/RequireAuth.tsx';
import { HomePage } from './HomePage.tsx';
import { RouteError } from './RouteError.tsx';

// Every page but home is its own chunk, so the home page never downloads rjsf/ajv.
const ServicesPage = lazy(() => import('./ServicesPage.tsx'));
const ServiceGuidePage = lazy(() => import('./ServiceGuidePage.tsx'));
const SignInPage = lazy(() => import('./SignInPage.tsx'));
const SignUpPage = lazy(() => import('./SignUpPage.tsx'));
const ApplyStartPage = lazy(() => import('./ApplyStartPage.tsx'));
const FormStepPage = lazy(() => import('./FormStepPage.tsx'));
const MaterialsStepPage = lazy(() => import('./MaterialsStepPage.tsx'));
const CheckAnswersPage = lazy(() => import('./CheckAnswersPage.tsx'));
const ConfirmationPage = lazy(() => import('./ConfirmationPage.tsx'));
const MyApplicationsPage = lazy(() => import('./MyApplicationsPage.tsx'));
const ApplicationDetailPage = lazy(() => import('./ApplicationDetailPage.tsx'));
const SupplementPage = lazy(() => import('./SupplementPage.tsx'));
const BundleGuidePage = lazy(() => import('./BundleGuidePage.tsx'));
const BundleApplyPage = lazy(() => import('./BundleApplyPage.tsx'));
const BundleItemsPage = lazy(() => import('./BundleItemsPage.tsx'));
const BundleFormPage = lazy(() => import('./BundleFormPage.tsx'));
const BundleMaterialsPage = lazy(() => import('./BundleMaterialsPage.tsx'));
const BundleCheckPage = lazy(() => import('./BundleCheckPage.tsx'));
const BundleCasePage = lazy(() => import('./BundleCasePage.tsx'));
const WorkbenchPage = lazy(() => import('./WorkbenchPage.tsx'));
const CaseReviewPage = lazy(() => import('./CaseReviewPage.tsx'));
const CalendarAdminPage = lazy(() => import('./CalendarAdminPage.tsx'));
const DecisionsPage = lazy(() => import('./DecisionsPage.tsx'));
const DecisionImportPage = lazy(() => import('./DecisionImportPage.tsx'));
const DecisionTablePage = lazy(() => import('./DecisionTablePage.tsx'));
const NotificationsPage = lazy(() => import('./NotificationsPage.tsx'));
const AuthorizationsPage = lazy(() => import('./AuthorizationsPage.tsx'));
const CounterFilingPage = lazy(() => import('./CounterFilingPage.tsx'));
const TrustKeysPage = lazy(() => import('./TrustKeysPage.tsx'));
const WalletPage = lazy(() => import('./WalletPage.tsx'));
const LicencePage = lazy(() => import('./LicencePage.tsx'));
const VerifyPage = lazy(() => import('./VerifyPage.tsx'));
const MyConsentsPage = lazy(() => import('./MyConsentsPage.tsx'));
const ConsentRequestPage = lazy(() => import('./ConsentRequestPage.tsx'));
const DataUsagePage = lazy(() => import('./DataUsagePage.tsx'));
const ExchangeAdminPage = lazy(() => import('./ExchangeAdminPage.tsx'));
const NotFoundPage = lazy(() => import('./NotFoundPage.tsx'));

const page = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;
const citizen = (node: ReactNode) => page(<RequireAuth>{node}</RequireAuth>);
const staff = (node: ReactNode) => page(<RequireAuth staff>{node}</RequireAuth>);

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/services', element: page(<ServicesPage />) },
      { path: '/services/:code', element: page(<ServiceGuidePage />) },
      { path: '/services/:code/apply', element: citizen(<ApplyStartPage />) },
      { path: '/signin', element: page(<SignInPage />) },
      { path: '/signup', element: page(<SignUpPage />) },
      { path: '/applications', element: citizen(<MyApplicationsPage />) },
      { path: '/applications/:id', element: citizen(<ApplicationDetailPage />) },
      { path: '/applications/:id/form', element: citizen(<FormStepPage />) },
      { path: '/applications/:id/materials', element: citizen(<MaterialsStepPage />) },
      { path: '/applications/:id/check', element: citizen(<CheckAnswersPage />) },
      { path: '/applications/:id/submitted', element: citizen(<ConfirmationPage />) },
      { path: '/applications/:id/supplement', element: citizen(<SupplementPage />) },
      { path: '/bundles/:code', element: page(<BundleGuidePage />) },
      { path: '/bundles/:code/apply', element: citizen(<BundleApplyPage />) },
      { path: '/bundle-cases/:id', element: citizen(<BundleCasePage />) },
      { path: '/bundle-cases/:id/items', element: citizen(<BundleItemsPage />) },
      { path: '/bundle-cases/:id/form', element: citizen(<BundleFormPage />) },
      { path: '/bundle-cases/:id/materials', element: citizen(<BundleMaterialsPage />) },
      { path: '/bundle-cases/:id/check', element: citizen(<BundleCheckPage />) },
      { path: '/workbench', element: staff(<WorkbenchPage />) },
      { path: '/workbench/cases/:caseId', element: staff(<CaseReviewPage />) },
      { path: '/workbench/calendar', element: staff(<CalendarAdminPage />) },
      { path: '/workbench/counter', element: staff(<CounterFilingPage />) },
      { path: '/admin/decisions', element: staff(<DecisionsPage />) },
      { path: '/admin/decisions/import', element: staff(<DecisionImportPage />) },
      { path: '/admin/decisions/:key', element: staff(<DecisionTablePage />) },
      { path: '/admin/trust/keys', element: staff(<TrustKeysPage />) },
      { path: '/notifications', element: citizen(<NotificationsPage />) },
      { path: '/me/authorizations', element: citizen(<AuthorizationsPage />) },
      { path: '/me/licences', element: citizen(<WalletPage />) },
      { path: '/me/licences/:id', element: citizen(<LicencePage />) },
      { path: '/verify', element: page(<VerifyPage />) },
      { path: '/me/consents', element: citizen(<MyConsentsPage />) },
      { path: '/consents/requests/:id', element: citizen(<ConsentRequestPage />) },
      { path: '/me/data-usage', element: citizen(<DataUsagePage />) },
      { path: '/admin/exchange', element: staff(<ExchangeAdminPage />) },
      { path: '*', element: page(<NotFoundPage />) },
    ],
  },
]);
