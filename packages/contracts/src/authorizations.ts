// Assisted filing (代办): a citizen's recorded authorization for someone to file on their behalf — a
// family member (family proxy), a department's service window (standing), or a signed form recorded
// at the counter for one case. Schemas shared by the API and the web, and the date rules, so the web
// checks live with the very rules the server applies.
import { type Static, Type } from 'typebox';
import { type FieldError, IsoDateTime, type Locale, Page, Uuid } from './common.ts';

export const ProxyRelation = Type.Union(
  [Type.Literal('spouse'), Type.Literal('parent'), Type.Literal('child'), Type.Literal('relative')],
  { description: "the proxy is the citizen's spouse, parent, child or another relative" },
);
export type ProxyRelation = Static<typeof ProxyRelation>;

export const AuthorizationKind = Type.Union(
  [Type.Literal('family'), Type.Literal('window'), Type.Literal('counter')],
  {
    description:
      "family: a family member's account; window: a department's service window (standing); counter: a signed form recorded by a window officer, for one case",
  },
);
export type AuthorizationKind = Static<typeof AuthorizationKind>;

export const AuthorizationStatus = Type.Union(
  [Type.Literal('active'), Type.Literal('scheduled'), Type.Literal('expired'), Type.Literal('revoked')],
  { description: 'scheduled: valid from a later date' },
);
export type AuthorizationStatus = Static<typeof AuthorizationStatus>;

const ItemCode = Type.String({ minLength: 1, maxLength: 64, description: 'service item code, e.g. HPF-WD' });

export const AuthorizationScope = Type.Union(
  [
    Type.Literal('all', { description: 'every service offered to citizens' }),
    Type.Array(ItemCode, { minItems: 1, maxItems: 50, uniqueItems: true }),
  ],
  { description: '"all" citizen services, or a list of service item codes' },
);
export type AuthorizationScope = Static<typeof AuthorizationScope>;

const validity = {
  validFrom: Type.String({
    format: 'date',
    description: 'first day (YYYY-MM-DD, China time), today or later',
  }),
  validUntil: Type.String({
    format: 'date',
    description: 'last day (YYYY-MM-DD, China time, inclusive); at most one year of validity',
  }),
};

export const FamilyGrantBody = Type.Object(
  {
    proxyName: Type.String({ maxLength: 100, description: "the family member's real name" }),
    proxyIdNumber: Type.String({
      maxLength: 40,
      description: "the family member's resident ID number; they must have a citizen account",
    }),
    relation: ProxyRelation,
    scope: AuthorizationScope,
    ...validity,
  },
  { additionalProperties: false },
);
export type FamilyGrantBody = Static<typeof FamilyGrantBody>;

export const WindowGrantBody = Type.Object(
  {
    departmentId: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'department id or code, e.g. HPF',
    }),
    scope: AuthorizationScope,
    ...validity,
  },
  { additionalProperties: false },
);
export type WindowGrantBody = Static<typeof WindowGrantBody>;

export const AuthorizationDirection = Type.Union([Type.Literal('granted'), Type.Literal('received')], {
  description: 'granted: authorizations I gave; received: authorizations naming me as family proxy',
});

export const AuthorizationQuery = Type.Object(
  {
    direction: Type.Optional(AuthorizationDirection),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type AuthorizationQuery = Static<typeof AuthorizationQuery>;

export const AuthorizationParams = Type.Object({ id: Uuid }, { additionalProperties: false });

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const AuthorizationView = Type.Object({
  id: Uuid,
  kind: AuthorizationKind,
  status: AuthorizationStatus,
  grantor: Type.Object({ id: Uuid, name: Type.String() }),
  proxy: Type.Union(
    [
      Type.Object({
        id: Uuid,
        name: Type.String(),
        idNumberMasked: Type.String({ description: 'shown to the grantor only; empty for the proxy' }),
      }),
      Type.Null(),
    ],
    { description: 'the family member (family authorizations)' },
  ),
  relation: Type.Union([ProxyRelation, Type.Null()]),
  department: Type.Union([
    Type.Object({ id: Uuid, code: Type.String(), nameZh: Type.String(), nameEn: Type.String() }),
    Type.Null(),
  ]),
  scope: AuthorizationScope,
  validFrom: IsoDateTime,
  validUntil: IsoDateTime,
  createdAt: IsoDateTime,
  revokedAt: Type.Union([IsoDateTime, Type.Null()]),
  recordedBy: Type.Union([Type.String(), Type.Null()], {
    description: 'the window officer who recorded a counter form',
  }),
  caseId: Type.Union([Uuid, Type.Null()], { description: 'the one case a counter authorization is for' }),
  hasForm: Type.Boolean({ description: 'a scan of the signed form is stored (counter)' }),
});
export type AuthorizationView = Static<typeof AuthorizationView>;

export const AuthorizationPage = Page(AuthorizationView);
export type AuthorizationPage = Static<typeof AuthorizationPage>;

/** Who filed a case for its applicant, shown beside the applicant's name ("代办人"). */
export const FiledBy = Type.Object({
  accountId: Uuid,
  name: Type.String({ description: "the filer's name (family member or window officer)" }),
  authorization: AuthorizationKind,
  authorizationId: Uuid,
  relation: Type.Union([ProxyRelation, Type.Null()]),
  departmentNameZh: NullableString,
  departmentNameEn: NullableString,
});
export type FiledBy = Static<typeof FiledBy>;

/** The citizen a family proxy files for: `POST /applications {…, onBehalfOf}`. */
export const OnBehalfOf = Type.Object(
  { authorizationId: Type.String({ format: 'uuid', description: 'an active authorization naming me' }) },
  { additionalProperties: false },
);
export type OnBehalfOf = Static<typeof OnBehalfOf>;

// ---- dates: whole days on the China calendar (UTC+8, no daylight saving) ----

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Today's date (YYYY-MM-DD) on the China calendar. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China calendar day starts. */
export function chinaDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS);
}

/** The last day an authorization starting on `validFrom` may run to: one year, e.g. 2026-03-01 → 2027-02-28. */
export function latestValidUntil(validFrom: string): string {
  const [y, m, d] = validFrom.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + 1, m - 1, d) - DAY_MS).toISOString().slice(0, 10);
}

export const authorizationFieldMessages = {
  'validFrom.past': { 'zh-CN': '生效日期不能早于今天', en: 'The first day cannot be before today' },
  'validUntil.beforeFrom': {
    'zh-CN': '截止日期不能早于生效日期',
    en: 'The last day cannot be before the first day',
  },
  'validUntil.tooLong': {
    'zh-CN': '授权期限最长一年（截止日期最晚为 {latest}）',
    en: 'An authorization lasts at most one year (last day {latest} at the latest)',
  },
  'scope.unknownItem': {
    'zh-CN': '事项 {code} 不存在或不面向个人办理',
    en: 'Service {code} does not exist or is not offered to citizens',
  },
  'scope.otherDepartment': {
    'zh-CN': '事项 {code} 不属于所选部门，窗口授权只能包含该部门的事项',
    en: 'Service {code} belongs to another department; a window authorization covers its own department only',
  },
} as const satisfies Record<string, Record<Locale, string>>;
export type AuthorizationFieldProblem = keyof typeof authorizationFieldMessages;

export interface AuthorizationProblem {
  pointer: string;
  code: AuthorizationFieldProblem;
  params?: Record<string, string>;
}

export function localizeAuthorizationProblems(
  problems: AuthorizationProblem[],
  locale: Locale,
): FieldError[] {
  return problems.map((p) => ({
    pointer: p.pointer,
    code: p.code,
    message: authorizationFieldMessages[p.code][locale].replace(
      /\{(\w+)\}/g,
      (_m, k: string) => p.params?.[k] ?? '',
    ),
  }));
}

/** The validity period's problems (dates are YYYY-MM-DD, already well-formed); `today` on the China calendar. */
export function validityProblems(
  body: { validFrom: string; validUntil: string },
  today: string,
): AuthorizationProblem[] {
  const problems: AuthorizationProblem[] = [];
  if (body.validFrom < today) problems.push({ pointer: '/validFrom', code: 'validFrom.past' });
  const latest = latestValidUntil(body.validFrom);
  if (body.validUntil < body.validFrom)
    problems.push({ pointer: '/validUntil', code: 'validUntil.beforeFrom' });
  else if (body.validUntil > latest)
    problems.push({ pointer: '/validUntil', code: 'validUntil.tooLong', params: { latest } });
  return problems;
}

/** Whether the scope names the item (by code). */
export function scopeCovers(scope: AuthorizationScope, itemCode: string): boolean {
  return scope === 'all' || scope.includes(itemCode);
}
