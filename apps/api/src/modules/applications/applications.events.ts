import type { ApplicationStatus } from '@tongban/contracts';

/** Events the applications module writes to the outbox (in the transaction of the change). */
export interface ApplicationSubmitted {
  caseId: string;
  caseNumber: string;
  applicantId: string;
  itemId: string;
  formData: Record<string, unknown>;
}

export interface ApplicationWithdrawn {
  caseId: string;
  caseNumber: string | null;
  applicantId: string;
  reason: string;
}

export interface ApplicationSupplemented {
  caseId: string;
  caseNumber: string;
  applicantId: string;
  itemId: string;
  formData: Record<string, unknown>;
}

/** Every status change driven by the workflow, for notifications to the applicant. */
export interface ApplicationStatusChanged {
  caseId: string;
  caseNumber: string;
  applicantId: string;
  from: ApplicationStatus;
  to: ApplicationStatus;
}

/**
 * A case's acceptance or decision was revoked because the materials it was accepted without (容缺受理)
 * were not supplied in time and its item's action is to revoke; `decisionRevoked` when it had been
 * approved (a licence issued for it must be revoked too).
 */
export interface ApplicationRevoked {
  caseId: string;
  caseNumber: string;
  applicantId: string;
  itemId: string;
  decisionRevoked: boolean;
  reason: 'deferral_expired';
}

/**
 * Closed cases whose archival period ended were anonymised by the retention job: modules holding
 * their applicant's data elsewhere (the workflow's answers, stored decision traces) forget it too.
 */
export interface ApplicationAnonymised {
  caseIds: string[];
}

declare module '../../platform/outbox.ts' {
  interface OutboxEvents {
    'application.anonymised': ApplicationAnonymised;
    'application.revoked': ApplicationRevoked;
    'application.submitted': ApplicationSubmitted;
    'application.withdrawn': ApplicationWithdrawn;
    'application.supplemented': ApplicationSupplemented;
    'application.statusChanged': ApplicationStatusChanged;
  }
}
