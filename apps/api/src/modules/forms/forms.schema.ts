import {
  dictionaryField,
  type FormDefinition,
  type FormFieldInfo,
  type FormSection,
  type ItemField,
  type Locale,
} from '@tongban/contracts';
import { AppError } from '../../platform/errors.ts';

type JsonSchema = Record<string, unknown>;
type UiSchema = Record<string, unknown>;

/** The form of one language: JSON Schema 2020-12, the rjsf uiSchema, and what each input is. */
export interface BuiltForm {
  schema: JsonSchema;
  uiSchema: UiSchema;
  fields: FormFieldInfo[];
}

/** A field resolved from the dictionary or from the item's own definition. */
interface ResolvedField {
  key: string;
  fieldCode?: string;
  titleZh: string;
  titleEn: string;
  schema: JsonSchema;
  enumLabels?: Record<string, { zh: string; en: string }>;
  required: boolean;
  sensitivity: 1 | 2 | 3 | 4;
  widget?: string;
  helpZh?: string;
  helpEn?: string;
}

function invalid(reason: string): never {
  throw new AppError('FORM_DEFINITION_INVALID', undefined, { reason });
}

/** Every object in a fragment gets `additionalProperties: false` unless it says otherwise. */
function closeObjects(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (out.type === 'object' && out.additionalProperties === undefined) out.additionalProperties = false;
  if (out.properties && typeof out.properties === 'object') {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([k, v]) => [k, closeObjects(v)]),
    );
  }
  if (out.items && typeof out.items === 'object') out.items = closeObjects(out.items as JsonSchema);
  return out;
}

function resolve(ref: FormSection['fields'][number]): ResolvedField {
  if ('field' in ref) {
    const d = dictionaryField(ref.field);
    if (!d) invalid(`unknown dictionary field ${ref.field}`);
    return {
      key: d.code,
      fieldCode: d.code,
      titleZh: d.labelZh,
      titleEn: d.labelEn,
      schema: { ...d.schema },
      enumLabels: d.enumLabels,
      required: ref.required ?? false,
      sensitivity: d.sensitivity,
      widget: d.widget,
      helpZh: ref.helpZh,
      helpEn: ref.helpEn,
    };
  }
  const f: ItemField = ref;
  if ('title' in f.schema) invalid(`field ${f.key}: give titleZh and titleEn, not a schema title`);
  return {
    key: f.key,
    titleZh: f.titleZh,
    titleEn: f.titleEn,
    schema: closeObjects(f.schema),
    enumLabels: f.enumLabels,
    required: f.required ?? false,
    sensitivity: f.sensitivity ?? 2,
    widget: f.widget,
    helpZh: f.helpZh,
    helpEn: f.helpEn,
  };
}

function uiOf(f: ResolvedField, locale: Locale): UiSchema {
  const ui: UiSchema = {};
  if (f.widget) ui['ui:widget'] = f.widget;
  const help = locale === 'zh-CN' ? f.helpZh : f.helpEn;
  if (help) ui['ui:help'] = help;
  const values = f.schema.enum as string[] | undefined;
  if (values && f.enumLabels) {
    ui['ui:enumNames'] = values.map((v) => {
      const label = f.enumLabels?.[v];
      return label ? (locale === 'zh-CN' ? label.zh : label.en) : v;
    });
  }
  return ui;
}

/**
 * Builds the form of a service item in one language: each section is an object of its
 * fields (dictionary fields by code, item fields by key), closed with additionalProperties
 * false at every level, so the data is exactly what the form asks for. Pure and deterministic.
 */
export function buildForm(definition: FormDefinition, locale: Locale): BuiltForm {
  const zh = locale === 'zh-CN';
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const uiSchema: UiSchema = { 'ui:order': definition.sections.map((s) => s.key) };
  const fields: FormFieldInfo[] = [];
  for (const section of definition.sections) {
    if (section.key in properties) invalid(`section ${section.key} appears twice`);
    const resolved = section.fields.map(resolve);
    const sectionProps: Record<string, JsonSchema> = {};
    const sectionUi: UiSchema = { 'ui:order': resolved.map((f) => f.key) };
    for (const f of resolved) {
      if (f.key in sectionProps) invalid(`field ${f.key} appears twice in section ${section.key}`);
      sectionProps[f.key] = { ...f.schema, title: zh ? f.titleZh : f.titleEn };
      const ui = uiOf(f, locale);
      if (Object.keys(ui).length) sectionUi[f.key] = ui;
      fields.push({
        pointer: `/${section.key}/${f.key}`,
        ...(f.fieldCode ? { fieldCode: f.fieldCode } : {}),
        labelZh: f.titleZh,
        labelEn: f.titleEn,
        sensitivity: f.sensitivity,
      });
    }
    const sectionRequired = resolved.filter((f) => f.required).map((f) => f.key);
    const description = zh ? section.descriptionZh : section.descriptionEn;
    properties[section.key] = {
      type: 'object',
      title: zh ? section.titleZh : section.titleEn,
      // A missing section validates as empty, so every missing field inside is reported at once.
      default: {},
      ...(description ? { description } : {}),
      additionalProperties: false,
      required: sectionRequired,
      properties: sectionProps,
    };
    // A section with nothing required may be left out entirely.
    if (sectionRequired.length) required.push(section.key);
    uiSchema[section.key] = sectionUi;
  }
  return {
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      required,
      properties,
    },
    uiSchema,
    fields,
  };
}

/** The value at a JSON pointer into form data (RFC 6901 escapes), or undefined. */
export function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
