import { createHash } from 'node:crypto';
import type { GraphNode, ProcessGraph } from './bpmn.ts';
import { config } from './workflow.runtime.ts';

/**
 * Post-approval review (事后抽查) of automatic approvals: a share of them is drawn for an officer
 * of the owning department to look at afterwards. The case stays approved; the review only
 * confirms it or flags it for the department head. The share is INSTANT_REVIEW_SAMPLE_RATE when
 * configured, else the process's `tongban:reviewSample`, else none.
 *
 * The draw is a hash of the case id, not a random number: the same case always gets the same
 * answer (a retried submission cannot dodge or double a review), and a rate of 0 or 1 is exact.
 */
export function reviewSampleRate(graph: ProcessGraph): number {
  return config().instantReviewSampleRate ?? graph.reviewSample ?? 0;
}

/** A number in [0, 1) fixed by the case id. */
export function reviewDraw(businessKey: string): number {
  const hex = createHash('sha256').update(`post-approval-review:${businessKey}`).digest('hex');
  return Number.parseInt(hex.slice(0, 12), 16) / 2 ** 48;
}

export function sampledForReview(graph: ProcessGraph, businessKey: string): boolean {
  const rate = reviewSampleRate(graph);
  return rate > 0 && reviewDraw(businessKey) < rate;
}

/** Working days an officer has for a post-approval review. */
export const REVIEW_DAYS = 5;

/** The review step, made by the engine (never in a process file): an officer of the owning department. */
export const REVIEW_NODE: GraphNode = {
  id: 'post-approval-review',
  type: 'userTask',
  nameZh: '事后抽查',
  nameEn: 'Post-approval review',
  incoming: [],
  outgoing: [],
  task: { department: '$owner', role: 'officer', days: REVIEW_DAYS, stage: 'review' },
};
