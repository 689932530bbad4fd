// Life-event bundles (一件事一次办): the catalogue's bundle definitions, the one combined form (forms)
// and the bundle case that fans out to one case per department (bundles). TypeBox, shared by API and web.
import { type Static, Type } from 'typebox';
import {
  ApplicationMaterial,
  ApplicationService,
  ApplicationStatus,
  ChecklistEntry,
  FormData,
  Progress,
  TimelineEntry,
} from './applications.ts';
import { Audience, LifeEventCode } from './catalogue.ts';
import { IsoDateTime, Page, Uuid } from './common.ts';
import { FormFieldInfo, Prefill } from './forms.ts';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const BundleCode = Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$', description: 'e.g. company-setup' });
const ItemCode = Type.String({ pattern: '^[A-Z][A-Z0-9-]{1,39}$', description: 'service item code' });

/** One item of a bundle as the guide lists it. */
export const BundleItem = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  departmentCode: Type.String(),
  departmentNameZh: Type.String(),
  departmentNameEn: Type.String(),
  required: Type.Boolean({ description: 'required items cannot be deselected; optional ones can' }),
  promisedDays: Type.Integer(),
  feeFen: Type.Integer({ minimum: 0 }),
});
export type BundleItem = Static<typeof BundleItem>;

export const BundleSummary = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  lifeEvent: Type.String({ description: 'life event code, e.g. birth' }),
  audience: Audience,
  summaryZh: Type.String(),
  summaryEn: Type.String(),
  items: Type.Array(BundleItem),
});
export type BundleSummary = Static<typeof BundleSummary>;

export const BundlePage = Page(BundleSummary);

export const BundleListQuery = Type.Object(
  {
    audience: Type.Optional(Audience),
    lifeEvent: Type.Optional(LifeEventCode),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type BundleListQuery = Static<typeof BundleListQuery>;

/** One entry of the combined materials list: asked once, used by every item that names it. */
export const BundleMaterial = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  descriptionZh: Type.String(),
  descriptionEn: Type.String(),
  critical: Type.Boolean({ description: 'critical for at least one of the items that need it' }),
  required: Type.Boolean(),
  acceptedFormats: Type.Array(Type.String()),
  items: Type.Array(Type.String(), { description: 'codes of the items that need it' }),
  issuedBy: Type.Union([Type.String(), Type.Null()], {
    description: 'an item of the bundle that issues this document: when it is chosen, nothing is uploaded',
  }),
});
export type BundleMaterial = Static<typeof BundleMaterial>;

export const BundleDetail = Type.Object({
  ...BundleSummary.properties,
  guideZh: Type.String(),
  guideEn: Type.String(),
  faq: Type.Array(
    Type.Object({ qZh: Type.String(), aZh: Type.String(), qEn: Type.String(), aEn: Type.String() }),
  ),
  promisedDays: Type.Integer({ description: 'the longest promised time limit of the items' }),
  materials: Type.Array(BundleMaterial, { description: 'of every item, each code once' }),
});
export type BundleDetail = Static<typeof BundleDetail>;

export const BundleParams = Type.Object({ code: BundleCode }, { additionalProperties: false });

export const BundleFormQuery = Type.Object(
  {
    items: Type.Optional(
      Type.String({
        maxLength: 400,
        pattern: '^[A-Z][A-Z0-9-]*(,[A-Z][A-Z0-9-]*)*$',
        description: 'the chosen item codes, comma-separated (all items when absent)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type BundleFormQuery = Static<typeof BundleFormQuery>;

/** An input of the combined form, and the items whose forms it fills. */
export const BundleFormField = Type.Object({
  ...FormFieldInfo.properties,
  items: Type.Array(Type.String(), { description: 'codes of the items that ask for it' }),
});
export type BundleFormField = Static<typeof BundleFormField>;

export const BundleFormResponse = Type.Object({
  schema: Type.Unknown({
    description:
      'JSON Schema 2020-12: `/shared/<dictionary code>` for fields several items ask for, then one object per item code with its own sections',
  }),
  uiSchema: Type.Unknown(),
  fields: Type.Array(BundleFormField),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      nameZh: Type.String(),
      nameEn: Type.String(),
      version: Type.Integer(),
    }),
  ),
  prefill: Type.Union([Prefill, Type.Null()], { description: 'only when signed in' }),
});

export const ValidateBundleFormBody = Type.Object(
  { data: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: false },
);

// ---- bundle cases (the bundles module) ----

export const BundleCaseStatus = Type.Union(
  [
    Type.Literal('draft'),
    Type.Literal('in_progress'),
    Type.Literal('completed'),
    Type.Literal('partially_completed'),
    Type.Literal('rejected'),
    Type.Literal('withdrawn'),
  ],
  {
    description:
      'draft; in_progress (a case is still open); completed (every required case approved); partially_completed (all decided, some approved, a required one not); rejected (none approved, one rejected); withdrawn',
  },
);
export type BundleCaseStatus = Static<typeof BundleCaseStatus>;

export const BundleCaseIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const BundleCaseMaterialParams = Type.Object(
  { id: Uuid, materialId: Uuid },
  { additionalProperties: false },
);

export const CreateBundleCaseBody = Type.Object(
  {
    bundleCode: BundleCode,
    items: Type.Optional(
      Type.Array(ItemCode, { maxItems: 20, uniqueItems: true, description: 'chosen items; all when absent' }),
    ),
    formData: Type.Optional(FormData),
  },
  { additionalProperties: false },
);
export type CreateBundleCaseBody = Static<typeof CreateBundleCaseBody>;

export const SaveBundleDraftBody = Type.Object(
  {
    items: Type.Optional(Type.Array(ItemCode, { maxItems: 20, uniqueItems: true })),
    formData: Type.Optional(FormData),
  },
  { additionalProperties: false },
);
export type SaveBundleDraftBody = Static<typeof SaveBundleDraftBody>;

export const WithdrawBundleBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

export const BundleCaseListQuery = Type.Object(
  {
    status: Type.Optional(BundleCaseStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type BundleCaseListQuery = Static<typeof BundleCaseListQuery>;

const BundleRef = Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() });

export const ChosenItem = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  required: Type.Boolean(),
});

export const BundleCaseSummary = Type.Object({
  id: Uuid,
  bundleNumber: NullableString,
  status: BundleCaseStatus,
  bundle: BundleRef,
  items: Type.Array(ChosenItem, { description: 'the chosen items, in the bundle’s order' }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  submittedAt: Type.Union([IsoDateTime, Type.Null()]),
  finishedAt: Type.Union([IsoDateTime, Type.Null()], {
    description: 'when it reached completed, partially_completed, rejected or withdrawn',
  }),
});
export type BundleCaseSummary = Static<typeof BundleCaseSummary>;

export const BundleCasePage = Page(BundleCaseSummary);

/** One department's case of the bundle, as the combined progress view shows it. */
export const BundleChild = Type.Object({
  caseId: Uuid,
  caseNumber: NullableString,
  service: ApplicationService,
  required: Type.Boolean(),
  departmentCode: Type.String(),
  departmentNameZh: Type.String(),
  departmentNameEn: Type.String(),
  status: ApplicationStatus,
  progress: Progress,
  dueAt: Type.Union([IsoDateTime, Type.Null()]),
  decidedAt: Type.Union([IsoDateTime, Type.Null()]),
  current: Type.Array(TimelineEntry, { description: 'the open steps: where the case is now' }),
  last: Type.Union([TimelineEntry, Type.Null()], { description: 'the latest finished node' }),
});
export type BundleChild = Static<typeof BundleChild>;

/** What the applicant can do about one case of the bundle that did not go through. */
export const BundleNextStep = Type.Object({
  kind: Type.Union([Type.Literal('apply_again'), Type.Literal('supplement')], {
    description:
      'apply_again: the case was rejected or revoked (or withdrawn on its own): apply for the item alone; supplement: the department returned or suspended it',
  }),
  caseId: Uuid,
  service: ApplicationService,
  required: Type.Boolean({ description: 'an optional item does not keep the bundle from completing' }),
  reason: NullableString,
  departmentNameZh: Type.String(),
  departmentNameEn: Type.String(),
});
export type BundleNextStep = Static<typeof BundleNextStep>;

export const BundleChecklistEntry = Type.Object({
  ...ChecklistEntry.properties,
  items: Type.Array(Type.String(), { description: 'the chosen items that need it' }),
  issuedBy: Type.Union([Type.String(), Type.Null()], {
    description: 'issued by a chosen item of the bundle: nothing to upload',
  }),
});
export type BundleChecklistEntry = Static<typeof BundleChecklistEntry>;

export const BundleCaseView = Type.Object({
  ...BundleCaseSummary.properties,
  formData: FormData,
  materials: Type.Array(ApplicationMaterial),
  checklist: Type.Array(BundleChecklistEntry),
  progress: Progress,
  children: Type.Array(BundleChild),
  nextSteps: Type.Array(BundleNextStep),
  withdrawReason: NullableString,
});
export type BundleCaseView = Static<typeof BundleCaseView>;
