// Schemas of what the workflow decides by itself or with several signers: business-rule checks
// (instant approval, 秒批秒办), the post-approval review of automatic approvals (事后抽查), and
// countersign progress (会签 / 或签). Shared by the API and the web.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Uuid } from './common.ts';
import { DecisionTrace } from './decisions.ts';

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A countersign step's round: how many of its signers signed (n of m). */
export const CountersignProgress = Type.Object({
  key: Type.String({ description: 'the step (user task id)' }),
  mode: Type.Union([Type.Literal('all'), Type.Literal('any'), Type.Literal('condition')], {
    description:
      'all: 会签, every signer approves; any: 或签, the first approval is enough; condition: the process says',
  }),
  completion: Type.String({ description: 'the FEEL completion condition, e.g. nrOfApprovals >= 2' }),
  total: Type.Integer({ description: 'signers' }),
  approvals: Type.Integer(),
  rejections: Type.Integer(),
  pending: Type.Integer({ description: 'signers still to decide' }),
  status: Type.Union([
    Type.Literal('open'),
    Type.Literal('passed'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
  ]),
});
export type CountersignProgress = Static<typeof CountersignProgress>;

/** A decision-table check the workflow ran on the case, in plain words (what the applicant sees). */
export const AutomatedCheck = Type.Object({
  key: Type.String({ description: 'the business-rule task' }),
  nameZh: Type.String(),
  nameEn: Type.String(),
  decisionKey: Type.String({ description: 'the decision table' }),
  evaluationId: Type.Union([Uuid, Type.Null()], {
    description: 'the stored evaluation; null when it failed',
  }),
  outcome: Type.Union([Type.Literal('approve'), Type.Literal('refer'), Type.Null()], {
    description: "the table's `decision` output: approve (approved automatically) or refer (to an officer)",
  }),
  error: Type.Union([Type.String(), Type.Null()], {
    description: 'the error code when the table could not be evaluated (the case went to an officer)',
  }),
  explanationZh: Type.Array(Type.String(), { description: 'plain-words reasons, Chinese' }),
  explanationEn: Type.Array(Type.String(), { description: 'plain-words reasons, English' }),
  at: IsoDateTime,
});
export type AutomatedCheck = Static<typeof AutomatedCheck>;

/** The same check as officers see it: the full trace (matched rules, input values) and outputs. */
export const AutomatedCheckDetail = Type.Object({
  ...AutomatedCheck.properties,
  outputs: Type.Unknown({ description: "the table's outputs as the process variables got them" }),
  matchedRules: Type.Array(Type.String()),
  trace: Type.Union([DecisionTrace, Type.Null()]),
});
export type AutomatedCheckDetail = Static<typeof AutomatedCheckDetail>;

/** The post-approval review of an automatic approval (事后抽查): the case stays approved. */
export const PostApprovalReview = Type.Object({
  taskId: Uuid,
  status: Type.String({ description: 'open | claimed | completed' }),
  outcome: Type.Union([Type.Literal('confirm'), Type.Literal('flag'), Type.Null()]),
  note: NullableString,
  reviewerName: NullableString,
  createdAt: IsoDateTime,
  completedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type PostApprovalReview = Static<typeof PostApprovalReview>;
