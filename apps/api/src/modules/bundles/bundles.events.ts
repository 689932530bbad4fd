import type { BundleCaseStatus } from '@tongban/contracts';

/** Events the bundles module writes to the outbox (in the transaction of the change). */
export interface BundleSubmitted {
  bundleCaseId: string;
  bundleNumber: string;
  applicantId: string;
  /** The applications module's cases, one per chosen item. */
  caseIds: string[];
}

/** The bundle's outcome moved (derived from its cases), e.g. in_progress → partially_completed. */
export interface BundleStatusChanged {
  bundleCaseId: string;
  bundleNumber: string | null;
  applicantId: string;
  from: BundleCaseStatus;
  to: BundleCaseStatus;
}

declare module '../../platform/outbox.ts' {
  interface OutboxEvents {
    'bundle.submitted': BundleSubmitted;
    'bundle.statusChanged': BundleStatusChanged;
  }
}
