import { applicationsErrors } from './applications.ts';
import { auditErrors } from './audit.ts';
import { authorizationsErrors } from './authorizations.ts';
import { bundlesErrors } from './bundles.ts';
import { catalogueErrors } from './catalogue.ts';
import { consentErrors } from './consent.ts';
import { decisionsErrors } from './decisions.ts';
import { exchangeErrors } from './exchange.ts';
import { formsErrors } from './forms.ts';
import { identityErrors } from './identity.ts';
import { licencesErrors } from './licences.ts';
import { notificationsErrors } from './notifications.ts';
import { orgErrors } from './org.ts';
import { platformErrors } from './platform.ts';
import { translogErrors } from './translog.ts';
import { trustErrors } from './trust.ts';
import type { ErrorSpec } from './types.ts';
import { workflowErrors } from './workflow.ts';

export type { ErrorCatalogue, ErrorSpec } from './types.ts';

/** Every stable error code the API can answer with; one place maps codes to status and messages. */
export const errorCatalogue = {
  ...platformErrors,
  ...orgErrors,
  ...identityErrors,
  ...authorizationsErrors,
  ...catalogueErrors,
  ...formsErrors,
  ...decisionsErrors,
  ...applicationsErrors,
  ...bundlesErrors,
  ...workflowErrors,
  ...auditErrors,
  ...notificationsErrors,
  ...consentErrors,
  ...exchangeErrors,
  ...licencesErrors,
  ...trustErrors,
  ...translogErrors,
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export function errorSpec(code: string): ErrorSpec | undefined {
  return (errorCatalogue as Record<string, ErrorSpec>)[code];
}
