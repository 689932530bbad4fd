import { type Static, Type } from 'typebox';

// Protection of personal data (issue 5): explicit, audited requests to see a masked value in full.

export const UnmaskBody = Type.Object(
  {
    pointer: Type.String({
      pattern: '^(/[^/]+)+$',
      maxLength: 300,
      description: 'JSON pointer of the masked value in the form answers, e.g. /applicant/idNumber',
    }),
    reason: Type.String({
      minLength: 2,
      maxLength: 500,
      description: 'why the value is needed in full; kept in the audit log',
    }),
  },
  { additionalProperties: false },
);
export type UnmaskBody = Static<typeof UnmaskBody>;

export const UnmaskAnswer = Type.Object({
  pointer: Type.String(),
  value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
});
export type UnmaskAnswer = Static<typeof UnmaskAnswer>;
