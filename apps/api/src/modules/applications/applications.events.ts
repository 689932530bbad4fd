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

declare module '../../platform/outbox.ts' {
  interface OutboxEvents {
    'application.submitted': ApplicationSubmitted;
    'application.withdrawn': ApplicationWithdrawn;
    'application.supplemented': ApplicationSupplemented;
    'application.statusChanged': ApplicationStatusChanged;
  }
}
