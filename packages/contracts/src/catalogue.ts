// Request and response schemas of the catalogue module (TypeBox), shared by the API and the web.
import { type Static, Type } from 'typebox';
import { Fen, Page } from './common.ts';

export const Audience = Type.Union([Type.Literal('citizen'), Type.Literal('enterprise')], {
  description: 'who applies: persons (citizen) or enterprises',
});
export type Audience = Static<typeof Audience>;

/** How much of the service can be done online (网上办理深度). */
export const OnlineLevel = Type.Union(
  [Type.Literal('full_online'), Type.Literal('one_visit'), Type.Literal('in_person')],
  { description: 'full_online 全程网办, one_visit 最多跑一次, in_person 窗口办理' },
);
export type OnlineLevel = Static<typeof OnlineLevel>;

export const LifeEventCode = Type.String({ pattern: '^[a-z][a-z_]*$', maxLength: 40 });

export const ServiceListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'words in the Chinese or English name, or the code',
      }),
    ),
    audience: Type.Optional(Audience),
    category: Type.Optional(
      Type.String({ maxLength: 40, description: 'life event code, e.g. start_business' }),
    ),
    department: Type.Optional(
      Type.String({ maxLength: 40, description: 'owning department code, e.g. SAMR' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ServiceListQuery = Static<typeof ServiceListQuery>;

export const ServiceSummary = Type.Object({
  id: Type.String(),
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  audience: Audience,
  departmentCode: Type.String(),
  departmentNameZh: Type.String(),
  departmentNameEn: Type.String(),
  promisedDays: Type.Integer({ description: '承诺时限, working days' }),
  feeFen: Fen,
  onlineLevel: OnlineLevel,
  categories: Type.Array(Type.String(), { description: 'life event codes' }),
});
export type ServiceSummary = Static<typeof ServiceSummary>;

export const ServicePage = Page(ServiceSummary);

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

export const Material = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  critical: Type.Boolean({
    description: 'critical materials cannot be missing; others may be supplied later (容缺受理)',
  }),
  required: Type.Boolean(),
  descriptionZh: Type.String(),
  descriptionEn: Type.String(),
  acceptedFormats: Type.Array(Type.String(), { description: 'file extensions, e.g. pdf, jpg, png' }),
  satisfiedByLicenceTypes: Type.Array(Type.String(), {
    description: 'e-licence types that can replace the upload (免证办); filled by the licences module',
  }),
  deferrable: Type.Optional(
    Type.Boolean({
      description:
        'the front desk may accept the case without it and the applicant supplies it later (容缺受理): required, not critical, and the item has a deferral policy',
    }),
  ),
});
export type Material = Static<typeof Material>;

export const DeferralAction = Type.Union([Type.Literal('suspend'), Type.Literal('revoke')], {
  description:
    'when deferred materials are not supplied in time: suspend the case (or its decision) until they are, or revoke it',
});
export type DeferralAction = Static<typeof DeferralAction>;

/** An item's 容缺受理 policy: what the applicant commits to when accepted with materials owed. */
export const DeferralPolicy = Type.Object({
  days: Type.Integer({ minimum: 1, description: 'working days after acceptance to supply them' }),
  onExpired: DeferralAction,
});
export type DeferralPolicy = Static<typeof DeferralPolicy>;

export const ServiceDetail = Type.Object({
  ...ServiceSummary.properties,
  departmentId: Type.String(),
  processKey: Type.String(),
  statutoryDays: Type.Integer({ description: '法定时限, working days' }),
  legalBasis: Type.Array(Bilingual),
  materials: Type.Array(Material),
  guideZh: Type.String(),
  guideEn: Type.String(),
  faq: Type.Array(
    Type.Object({ qZh: Type.String(), aZh: Type.String(), qEn: Type.String(), aEn: Type.String() }),
  ),
  steps: Type.Array(Type.Object({ nameZh: Type.String(), nameEn: Type.String() }), {
    description: 'the handling steps (办理流程) as the applicant sees them',
  }),
  deferral: Type.Optional(
    Type.Union([DeferralPolicy, Type.Null()], {
      description: 'null: every required material must be there at acceptance',
    }),
  ),
});
export type ServiceDetail = Static<typeof ServiceDetail>;

export const ServiceParams = Type.Object({ idOrCode: Type.String({ minLength: 1, maxLength: 64 }) });

const CategoryEntry = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  itemCount: Type.Integer(),
});

export const ServiceCategories = Type.Object({
  lifeEvents: Type.Array(CategoryEntry),
  departments: Type.Array(CategoryEntry),
  audiences: Type.Array(CategoryEntry),
});
export type ServiceCategories = Static<typeof ServiceCategories>;
