// Request and response schemas of the applications module (TypeBox), shared by the API and the web.
import { type Static, Type } from 'typebox';
import { FiledBy, OnBehalfOf } from './authorizations.ts';
import {
  AutomatedCheck,
  AutomatedCheckDetail,
  CountersignProgress,
  PostApprovalReview,
} from './automation.ts';
import { IsoDateTime, Locale, Page, Uuid } from './common.ts';
import { CaseClock, TimelineClock } from './workflow.ts';

export const ApplicationStatus = Type.Union(
  [
    Type.Literal('draft'),
    Type.Literal('submitted'),
    Type.Literal('accepted'),
    Type.Literal('in_review'),
    Type.Literal('returned'),
    Type.Literal('approved'),
    Type.Literal('rejected'),
    Type.Literal('withdrawn'),
    Type.Literal('suspended'),
    Type.Literal('revoked'),
  ],
  {
    description:
      'draft; submitted (awaiting acceptance); accepted (受理); in_review (审查中); returned (退回补正, awaiting the applicant); approved; rejected; withdrawn; suspended (中止: materials accepted as missing were not supplied in time — processing, or the decision, waits for them); revoked (撤销: the acceptance or the decision, for the same reason)',
  },
);
export type ApplicationStatus = Static<typeof ApplicationStatus>;

/** Form answers, shaped by the service's form schema; checked in full on submit. */
export const FormData = Type.Record(Type.String(), Type.Unknown(), {
  description: "answers shaped like the service's form (JSON Schema from GET /services/:idOrCode/form)",
});

export const ApplicationIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const ApplicationMaterialParams = Type.Object(
  { id: Uuid, materialId: Uuid },
  { additionalProperties: false },
);

export const CreateApplicationBody = Type.Object(
  {
    serviceId: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'service item id or code, e.g. HCD-CP',
    }),
    formData: Type.Optional(FormData),
    onBehalfOf: Type.Optional(OnBehalfOf),
  },
  { additionalProperties: false },
);
export type CreateApplicationBody = Static<typeof CreateApplicationBody>;

export const SaveFormBody = Type.Object({ formData: FormData }, { additionalProperties: false });
export type SaveFormBody = Static<typeof SaveFormBody>;

export const ResubmitBody = Type.Object({ formData: FormData }, { additionalProperties: false });
export type ResubmitBody = Static<typeof ResubmitBody>;

export const WithdrawBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type WithdrawBody = Static<typeof WithdrawBody>;

export const ApplicationListQuery = Type.Object(
  {
    status: Type.Optional(ApplicationStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type ApplicationListQuery = Static<typeof ApplicationListQuery>;

export const ApplicationService = Type.Object({
  id: Type.String(),
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
});

/** An e-licence used instead of an upload (免证办), as verified when attached and again at submit. */
export const MaterialLicence = Type.Object({
  licenceId: Uuid,
  number: Type.String({ description: 'the licence number (GB/T 36904 style)' }),
  typeCode: Type.String(),
  typeNameZh: Type.String(),
  typeNameEn: Type.String(),
  issuerNameZh: Type.String(),
  issuerNameEn: Type.String(),
  validUntil: Type.Union([IsoDateTime, Type.Null()]),
  verifiedAt: IsoDateTime,
  status: Type.Optional(
    Type.Union(
      [
        Type.Literal('valid'),
        Type.Literal('revoked'),
        Type.Literal('suspended'),
        Type.Literal('expired'),
        Type.Literal('invalid'),
      ],
      { description: 'officers: the licence as it is now (revoked after submission shows revoked)' },
    ),
  ),
});
export type MaterialLicence = Static<typeof MaterialLicence>;

export const ApplicationMaterial = Type.Object({
  id: Uuid,
  materialCode: Type.String(),
  fileName: Type.String({ description: 'for an e-licence: its number' }),
  sizeBytes: Type.Integer(),
  mimeType: Type.String({ description: "for an e-licence: 'application/vc+jwt'" }),
  sha256: Type.String({ description: 'for an e-licence: SHA-256 of its vc+jwt' }),
  uploadedAt: IsoDateTime,
  licence: Type.Optional(
    Type.Union([MaterialLicence, Type.Null()], { description: '免证办: the e-licence' }),
  ),
});
export type ApplicationMaterial = Static<typeof ApplicationMaterial>;

export const ChecklistEntry = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  critical: Type.Boolean({ description: 'must be provided before submitting' }),
  required: Type.Boolean(),
  provided: Type.Boolean(),
  satisfiedByLicenceTypes: Type.Optional(
    Type.Array(Type.String(), {
      description: 'e-licence types that may be used instead of an upload (免证办)',
    }),
  ),
});
export type ChecklistEntry = Static<typeof ChecklistEntry>;

/** 免证办: attach one of the applicant's e-licences to a checklist entry. */
export const AttachLicenceBody = Type.Object({ licenceId: Uuid }, { additionalProperties: false });
export const ApplicationMaterialCodeParams = Type.Object(
  { id: Uuid, code: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

/** One of the applicant's valid e-licences a checklist entry accepts. */
export const LicenceChoice = Type.Object({
  licenceId: Uuid,
  number: Type.String(),
  typeCode: Type.String(),
  typeNameZh: Type.String(),
  typeNameEn: Type.String(),
  issuerNameZh: Type.String(),
  issuerNameEn: Type.String(),
  validUntil: Type.Union([IsoDateTime, Type.Null()]),
});
export type LicenceChoice = Static<typeof LicenceChoice>;

export const LicenceChoices = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String({ description: 'the checklist entry' }),
      satisfiedByLicenceTypes: Type.Array(Type.String()),
      licences: Type.Array(LicenceChoice, {
        description: "the applicant's (a filer's principal's) valid licences of those types",
      }),
    }),
  ),
});
export type LicenceChoices = Static<typeof LicenceChoices>;

export const Progress = Type.Object({
  completed: Type.Integer(),
  total: Type.Integer(),
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
});
export type Progress = Static<typeof Progress>;

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const TimelineEntry = Type.Object({
  at: IsoDateTime,
  kind: Type.Union(
    [
      Type.Literal('created'),
      Type.Literal('submitted'),
      Type.Literal('step'),
      Type.Literal('resubmitted'),
      Type.Literal('withdrawn'),
      Type.Literal('decided'),
      Type.Literal('deferred'),
      Type.Literal('commitment_signed'),
      Type.Literal('deferral_reminded'),
      Type.Literal('materials_supplied'),
      Type.Literal('suspended'),
      Type.Literal('resumed'),
      Type.Literal('revoked'),
      Type.Literal('return_withdrawn'),
      Type.Literal('clock_paused'),
      Type.Literal('clock_resumed'),
      Type.Literal('extension_requested'),
      Type.Literal('extended'),
      Type.Literal('extension_refused'),
      Type.Literal('escalated'),
      Type.Literal('automated'),
    ],
    {
      description:
        "the applicant's own actions, a workflow step, the final decision, or a step of 容缺受理 (deferred … revoked) and of 补正 (return_withdrawn)",
    },
  ),
  stepNameZh: Type.String(),
  stepNameEn: Type.String(),
  departmentNameZh: NullableString,
  departmentNameEn: NullableString,
  actorName: NullableString,
  note: NullableString,
  dueAt: Type.Union([IsoDateTime, Type.Null()]),
  status: Type.String({ description: 'open | claimed | completed | returned | cancelled' }),
  outcome: Type.Union([Type.String(), Type.Null()], { description: 'approve | reject | return, for steps' }),
  clock: Type.Optional(TimelineClock),
  evaluationId: Type.Optional(
    Type.Union([Uuid, Type.Null()], {
      description:
        'automated (a decision-table check) and a decision made by the rules: the stored evaluation',
    }),
  ),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

/** What the officer asked for when returning the case for supplement (补正). */
export const SupplementRequest = Type.Object({
  round: Type.Optional(Type.Integer({ minimum: 1, description: 'the 1st, 2nd… return of this case' })),
  note: Type.String(),
  requestedAt: IsoDateTime,
  departmentNameZh: NullableString,
  departmentNameEn: NullableString,
  fields: Type.Array(Type.String(), { description: 'JSON pointers of the fields to correct' }),
  materials: Type.Array(Type.String(), { description: 'material codes to provide again' }),
});
export type SupplementRequest = Static<typeof SupplementRequest>;

/** The 一件事 bundle case a case was filed in (one form for several items). */
export const BundleLink = Type.Object({
  id: Uuid,
  number: Type.String({ description: 'the bundle case number, e.g. 339000-2026-B000001' }),
});
export type BundleLink = Static<typeof BundleLink>;

export const ApplicationSummary = Type.Object({
  id: Uuid,
  caseNumber: NullableString,
  status: ApplicationStatus,
  service: ApplicationService,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  submittedAt: Type.Union([IsoDateTime, Type.Null()]),
  dueAt: Type.Union([IsoDateTime, Type.Null()]),
  bundle: Type.Optional(
    Type.Union([BundleLink, Type.Null()], { description: 'set when the case was filed as part of a bundle' }),
  ),
  applicantName: Type.Optional(Type.String({ description: 'the applicant (the citizen the case is for)' })),
  filedBy: Type.Optional(
    Type.Union([FiledBy, Type.Null()], {
      description:
        'set when someone else filed it for the applicant (代办): a family proxy or a window officer',
    }),
  ),
});
export type ApplicationSummary = Static<typeof ApplicationSummary>;

export const ApplicationPage = Page(ApplicationSummary);

const MaterialCode = Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const DeferralState = Type.Union(
  [
    Type.Literal('owed'),
    Type.Literal('supplied'),
    Type.Literal('suspended'),
    Type.Literal('revoked'),
    Type.Literal('closed'),
  ],
  {
    description:
      "owed (materials still to supply, deadline not passed); supplied (gap closed); suspended / revoked (the deadline passed: the item's action was applied); closed (the case ended otherwise: withdrawn or rejected)",
  },
);
export type DeferralState = Static<typeof DeferralState>;

/** The commitment (承诺书) in one language, and the SHA-256 of exactly that text (what signing names). */
export const CommitmentText = Type.Object({
  locale: Locale,
  text: Type.String(),
  sha256: Sha256,
});
export type CommitmentText = Static<typeof CommitmentText>;

/** 容缺受理: the case was accepted with non-critical materials missing; the applicant owes them by a deadline. */
export const DeferralView = Type.Object({
  state: DeferralState,
  materials: Type.Array(
    Type.Object({
      code: Type.String(),
      nameZh: Type.String(),
      nameEn: Type.String(),
      supplied: Type.Boolean(),
    }),
  ),
  note: NullableString,
  acceptedAt: IsoDateTime,
  acceptedByName: Type.String(),
  deadline: IsoDateTime,
  onExpired: Type.Union([Type.Literal('suspend'), Type.Literal('revoke')]),
  remindedAt: Type.Union([IsoDateTime, Type.Null()]),
  expiredAt: Type.Union([IsoDateTime, Type.Null()]),
  suppliedAt: Type.Union([IsoDateTime, Type.Null()]),
  commitment: Type.Object({
    texts: Type.Array(CommitmentText, { description: 'the text to sign, in each language' }),
    signed: Type.Union([Type.Object({ at: IsoDateTime, locale: Locale, sha256: Sha256 }), Type.Null()], {
      description: 'null until the applicant signs',
    }),
  }),
});
export type DeferralView = Static<typeof DeferralView>;

const FileRef = Type.Object({ fileName: Type.String(), sha256: Type.String() });

/** One return for supplement and, once resubmitted, what the applicant changed. */
export const SupplementRound = Type.Object({
  round: Type.Integer({ minimum: 1 }),
  state: Type.Union([Type.Literal('open'), Type.Literal('resubmitted'), Type.Literal('withdrawn')], {
    description:
      'open (waiting for the applicant); resubmitted; withdrawn (the officer took the return back)',
  }),
  requestedAt: IsoDateTime,
  requestedByName: NullableString,
  departmentNameZh: NullableString,
  departmentNameEn: NullableString,
  note: Type.String(),
  fields: Type.Array(Type.String(), { description: 'JSON pointers of the fields to correct' }),
  materials: Type.Array(Type.String(), { description: 'material codes to provide again' }),
  resubmittedAt: Type.Union([IsoDateTime, Type.Null()]),
  withdrawnAt: Type.Union([IsoDateTime, Type.Null()]),
  withdrawnByName: NullableString,
  diff: Type.Union(
    [
      Type.Object({
        fields: Type.Array(
          Type.Object({
            pointer: Type.String(),
            requested: Type.Boolean({ description: 'the officer named this field' }),
            before: Type.Unknown(),
            after: Type.Unknown(),
          }),
          { description: 'every answer that changed, masked like the form for viewers without the need' },
        ),
        materials: Type.Array(
          Type.Object({
            code: Type.String(),
            requested: Type.Boolean(),
            removed: Type.Array(FileRef),
            added: Type.Array(FileRef),
          }),
        ),
      }),
      Type.Null(),
    ],
    { description: 'null until resubmitted' },
  ),
});
export type SupplementRound = Static<typeof SupplementRound>;

export const AcceptWithDeferralBody = Type.Object(
  {
    materials: Type.Array(MaterialCode, {
      minItems: 1,
      maxItems: 30,
      uniqueItems: true,
      description: 'the missing non-critical materials the applicant will supply later',
    }),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type AcceptWithDeferralBody = Static<typeof AcceptWithDeferralBody>;

export const ReturnForSupplementBody = Type.Object(
  {
    fields: Type.Optional(
      Type.Array(Type.String({ pattern: '^(/[^/]+)+$', maxLength: 200 }), {
        maxItems: 100,
        uniqueItems: true,
        description: "JSON pointers into the form's answers, e.g. /applicant/phone",
      }),
    ),
    materials: Type.Optional(Type.Array(MaterialCode, { maxItems: 30, uniqueItems: true })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false, description: 'at least one field, material or a note' },
);
export type ReturnForSupplementBody = Static<typeof ReturnForSupplementBody>;

export const WithdrawReturnBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type WithdrawReturnBody = Static<typeof WithdrawReturnBody>;

export const SignCommitmentBody = Type.Object(
  {
    locale: Locale,
    textSha256: Type.String({
      pattern: '^[0-9a-f]{64}$',
      description: 'sha256 of the commitment text shown (from deferral.commitment.texts)',
    }),
  },
  { additionalProperties: false },
);
export type SignCommitmentBody = Static<typeof SignCommitmentBody>;

export const ApplicationView = Type.Object({
  ...ApplicationSummary.properties,
  formData: FormData,
  materials: Type.Array(ApplicationMaterial),
  checklist: Type.Array(ChecklistEntry),
  decidedAt: Type.Union([IsoDateTime, Type.Null()]),
  progress: Progress,
  timeline: Type.Array(TimelineEntry),
  supplement: Type.Union([SupplementRequest, Type.Null()], { description: 'present while returned' }),
  withdrawReason: NullableString,
  clock: Type.Optional(
    Type.Union([CaseClock, Type.Null()], {
      description: 'both time limits, the stopped clock, extensions (SLA); null before submission',
    }),
  ),
  deferral: Type.Optional(
    Type.Union([DeferralView, Type.Null()], {
      description: 'set when accepted with materials owed (容缺受理)',
    }),
  ),
  decidedBy: Type.Optional(
    Type.Union([Type.Literal('rules'), Type.Literal('officer'), Type.Null()], {
      description: 'rules: approved automatically by a decision table (秒批秒办)',
    }),
  ),
  automatedChecks: Type.Optional(
    Type.Array(AutomatedCheck, { description: 'decision-table checks the workflow ran, in plain words' }),
  ),
});
export type ApplicationView = Static<typeof ApplicationView>;

/** The officer's task on this case, if one is open for one of their roles. */
export const CaseTask = Type.Object({
  taskId: Type.String(),
  key: Type.String(),
  name: Type.String(),
  departmentId: Type.String(),
  role: Type.String(),
  status: Type.String(),
  dueAt: Type.Union([IsoDateTime, Type.Null()]),
});

export const CaseView = Type.Object({
  ...ApplicationView.properties,
  applicant: Type.Object({ id: Type.String(), kind: Type.String(), name: Type.String() }),
  masked: Type.Boolean({ description: "identifiers in formData are masked for the viewer's role" }),
  maskedPointers: Type.Optional(
    Type.Array(Type.String(), {
      description:
        'JSON pointers of the masked values in formData (each may be asked for in full: POST /cases/:id/unmask)',
    }),
  ),
  openTask: Type.Union([CaseTask, Type.Null()]),
  supplementRounds: Type.Optional(
    Type.Array(SupplementRound, { description: 'every return for supplement, oldest first, with its diff' }),
  ),
  automatedChecks: Type.Optional(
    Type.Array(AutomatedCheckDetail, {
      description: 'the checks with their full trace (rules, input values)',
    }),
  ),
  countersigns: Type.Optional(
    Type.Array(CountersignProgress, { description: 'countersign steps: n of m signed' }),
  ),
  review: Type.Optional(
    Type.Union([PostApprovalReview, Type.Null()], {
      description: 'the post-approval review (事后抽查) of an automatic approval, when drawn',
    }),
  ),
});
export type CaseView = Static<typeof CaseView>;
