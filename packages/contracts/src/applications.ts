// Request and response schemas of the applications module (TypeBox), shared by the API and the web.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Page, Uuid } from './common.ts';

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
  ],
  {
    description:
      'draft; submitted (awaiting acceptance); accepted (受理); in_review (审查中); returned (退回补正, awaiting the applicant); approved; rejected; withdrawn',
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

export const ApplicationMaterial = Type.Object({
  id: Uuid,
  materialCode: Type.String(),
  fileName: Type.String(),
  sizeBytes: Type.Integer(),
  mimeType: Type.String(),
  sha256: Type.String(),
  uploadedAt: IsoDateTime,
});
export type ApplicationMaterial = Static<typeof ApplicationMaterial>;

export const ChecklistEntry = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  critical: Type.Boolean({ description: 'must be provided before submitting' }),
  required: Type.Boolean(),
  provided: Type.Boolean(),
});
export type ChecklistEntry = Static<typeof ChecklistEntry>;

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
    ],
    { description: "the applicant's own actions, a workflow step, or the final decision" },
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
});
export type TimelineEntry = Static<typeof TimelineEntry>;

/** What the officer asked for when returning the case for supplement (补正). */
export const SupplementRequest = Type.Object({
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
});
export type ApplicationSummary = Static<typeof ApplicationSummary>;

export const ApplicationPage = Page(ApplicationSummary);

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
  openTask: Type.Union([CaseTask, Type.Null()]),
});
export type CaseView = Static<typeof CaseView>;
