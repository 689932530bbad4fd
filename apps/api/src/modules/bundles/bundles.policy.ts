import type { ApplicationStatus, BundleCaseStatus } from '@tongban/contracts';
import type { Actor } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import type { BundleCaseRow } from './bundles.repository.ts';

/**
 * Only the applicant sees their bundle cases; anyone else gets the same answer as for an id that
 * does not exist, so ids cannot be probed.
 */
export function assertOwner(actor: Actor, row: BundleCaseRow | undefined): BundleCaseRow {
  if (!row || row.applicant_id !== actor.accountId) throw new AppError('BUNDLE_CASE_NOT_FOUND');
  return row;
}

export function assertDraft(row: BundleCaseRow): BundleCaseRow {
  if (row.status !== 'draft') throw new AppError('BUNDLE_CASE_NOT_DRAFT');
  return row;
}

export function assertAudience(actor: Actor, audience: 'citizen' | 'enterprise'): void {
  if (actor.kind !== audience) throw new AppError('BUNDLE_AUDIENCE_MISMATCH');
}

/** Case statuses after which nothing moves any more. */
export const CASE_FINAL: ReadonlySet<ApplicationStatus> = new Set([
  'approved',
  'rejected',
  'withdrawn',
  'revoked',
]);

/** A case the department refused, or whose acceptance or decision it revoked (容缺 materials never came). */
export const REFUSED: ReadonlySet<ApplicationStatus> = new Set(['rejected', 'revoked']);

/** Bundle outcomes after which nothing moves any more. */
export const BUNDLE_FINAL: ReadonlySet<BundleCaseStatus> = new Set([
  'completed',
  'partially_completed',
  'rejected',
  'withdrawn',
]);

/**
 * The bundle's outcome from its cases: completed as soon as every required case is approved (an
 * optional one still running or refused does not hold it back); in progress while any case is
 * open; once all are decided, partially completed when something was approved, else rejected
 * (refused or revoked), or withdrawn when nothing was refused either.
 */
export function deriveStatus(children: { required: boolean; status: ApplicationStatus }[]): BundleCaseStatus {
  const required = children.filter((c) => c.required);
  if (required.length > 0 && required.every((c) => c.status === 'approved')) return 'completed';
  if (children.some((c) => !CASE_FINAL.has(c.status))) return 'in_progress';
  if (children.some((c) => c.status === 'approved')) return 'partially_completed';
  if (children.some((c) => REFUSED.has(c.status))) return 'rejected';
  return 'withdrawn';
}
