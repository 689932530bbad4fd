// Request and response schemas of the forms module (TypeBox), shared by the API and the web.
import { type Static, Type } from 'typebox';
import { FieldError } from './common.ts';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Sensitivity = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)], {
  description: '1 public, 2 internal, 3 sensitive personal data, 4 highly sensitive',
});

/** A form field taken from the data dictionary by its code. */
export const DictionaryFieldRef = Type.Object(
  {
    field: Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', description: 'data dictionary field code' }),
    required: Type.Optional(Type.Boolean()),
    helpZh: Type.Optional(Text(500)),
    helpEn: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type DictionaryFieldRef = Static<typeof DictionaryFieldRef>;

/** A field only this item asks for: its own JSON Schema fragment and titles. */
export const ItemField = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][A-Za-z0-9]*$' }),
    titleZh: Text(100),
    titleEn: Text(200),
    schema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema fragment (no title)' }),
    enumLabels: Type.Optional(
      Type.Record(Type.String(), Type.Object({ zh: Type.String(), en: Type.String() })),
    ),
    required: Type.Optional(Type.Boolean()),
    sensitivity: Type.Optional(Sensitivity),
    widget: Type.Optional(Type.String({ maxLength: 40 })),
    helpZh: Type.Optional(Text(500)),
    helpEn: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type ItemField = Static<typeof ItemField>;

export const FormSection = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][A-Za-z0-9]*$' }),
    titleZh: Text(100),
    titleEn: Text(200),
    descriptionZh: Type.Optional(Text(500)),
    descriptionEn: Type.Optional(Text(500)),
    fields: Type.Array(Type.Union([DictionaryFieldRef, ItemField]), { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type FormSection = Static<typeof FormSection>;

/** What a department defines for a service item; the JSON Schema is built from it. */
export const FormDefinition = Type.Object(
  { sections: Type.Array(FormSection, { minItems: 1 }) },
  { additionalProperties: false },
);
export type FormDefinition = Static<typeof FormDefinition>;

/** One input of the built form: where it is in the data, what it is, how sensitive. */
export const FormFieldInfo = Type.Object({
  pointer: Type.String({ description: 'JSON pointer into the form data, e.g. /applicant/idNumber' }),
  fieldCode: Type.Optional(
    Type.String({ description: 'data dictionary code, absent for item-specific fields' }),
  ),
  labelZh: Type.String(),
  labelEn: Type.String(),
  sensitivity: Sensitivity,
});
export type FormFieldInfo = Static<typeof FormFieldInfo>;

export const PrefillSource = Type.Union([
  Type.Literal('profile'),
  Type.Object({ caseId: Type.String(), caseNumber: Type.String() }),
  // One of the applicant's valid e-licences (电子证照 <number>).
  Type.Object({
    licenceId: Type.String(),
    licenceNumber: Type.String(),
    typeNameZh: Type.String(),
    typeNameEn: Type.String(),
  }),
]);
export type PrefillSource = Static<typeof PrefillSource>;

export const Prefill = Type.Object({
  values: Type.Unknown({ description: 'form data shaped like the form, with the values found' }),
  sources: Type.Record(Type.String(), PrefillSource, {
    description: "by JSON pointer: 'profile', the earlier case or the e-licence the value came from",
  }),
});
export type Prefill = {
  values: Record<string, Record<string, unknown>>;
  sources: Record<string, PrefillSource>;
};

export const ItemFormResponse = Type.Object({
  version: Type.Integer(),
  schema: Type.Unknown({
    description: 'JSON Schema 2020-12 of the form data, titles in the request language',
  }),
  uiSchema: Type.Unknown({ description: 'rjsf uiSchema: order, widgets, help text' }),
  fields: Type.Array(FormFieldInfo),
  prefill: Type.Union([Prefill, Type.Null()], { description: 'only when signed in' }),
});

export const ServiceFormParams = Type.Object({ idOrCode: Type.String({ minLength: 1, maxLength: 64 }) });

export const ValidateFormBody = Type.Object(
  { data: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: false },
);
export const ValidateFormResponse = Type.Object({ errors: Type.Array(FieldError) });
