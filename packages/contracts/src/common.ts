import { type Static, Type } from 'typebox';

/** Error answer shape shared by every endpoint. `details` carries field errors as JSON pointers. */
export const FieldError = Type.Object({
  pointer: Type.String({ description: 'JSON pointer into the submitted document, e.g. /applicant/idNumber' }),
  code: Type.String({ description: 'Stable keyword of the failed rule, e.g. required, pattern, idNumber' }),
  message: Type.String({ description: 'Localized message' }),
});
export type FieldError = Static<typeof FieldError>;

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Unknown())),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDateTime = Type.String({ format: 'date-time' });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
export type Locale = Static<typeof Locale>;

/** Cursor paging, DESIGN.md "Lists". */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type PageQuery = Static<typeof PageQuery>;

export function Page<T extends import('typebox').TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

/** Money is an integer number of fen. */
export const Fen = Type.Integer({ minimum: 0, description: 'amount in fen (1/100 yuan)' });
