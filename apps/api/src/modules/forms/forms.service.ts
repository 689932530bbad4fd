import { createHash } from 'node:crypto';
import { dictionaryField, type FieldError, type FormDefinition, type Locale } from '@tongban/contracts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { compileBody } from '../../platform/validation.ts';
import { findLatestVersion, insertVersion, lockItemVersions } from './forms.repository.ts';
import { type BuiltForm, buildForm } from './forms.schema.ts';
import { formFieldErrors } from './forms.validation.ts';

/** The form of an item as served: one version, in one language. */
export interface ItemForm extends BuiltForm {
  version: number;
}

type BuiltVersion = Record<Locale, Omit<BuiltForm, 'fields'>> & { fields: BuiltForm['fields'] };

// Versions never change once written, so their built forms are cached for the process: the
// web receives the very schema object the server compiled and validates with.
const cache = new Map<string, ItemForm>();

function digestOf(definition: FormDefinition, built: BuiltVersion): string {
  return createHash('sha256').update(JSON.stringify({ definition, built })).digest('hex');
}

function buildVersion(definition: FormDefinition): BuiltVersion {
  const zh = buildForm(definition, 'zh-CN');
  const en = buildForm(definition, 'en');
  return {
    'zh-CN': { schema: zh.schema, uiSchema: zh.uiSchema },
    en: { schema: en.schema, uiSchema: en.uiSchema },
    fields: zh.fields,
  };
}

/**
 * Stores the item's form definition as a new version when it differs from the latest one
 * (including a change of the dictionary it is built from); returns the current version.
 * The schema must compile, so a broken definition never reaches an applicant.
 */
export async function saveFormDefinition(
  db: Db,
  itemId: string,
  definition: FormDefinition,
): Promise<number> {
  const built = buildVersion(definition);
  try {
    compileBody(built.en.schema);
  } catch (err) {
    throw new AppError('FORM_DEFINITION_INVALID', undefined, { reason: (err as Error).message });
  }
  const digest = digestOf(definition, built);
  return inTransaction(db, async (tx) => {
    await lockItemVersions(tx, itemId);
    const latest = await findLatestVersion(tx, itemId);
    if (latest?.digest === digest) return latest.version;
    const version = (latest?.version ?? 0) + 1;
    await insertVersion(tx, { item_id: itemId, version, definition, built, digest });
    return version;
  });
}

/** The latest form of an item in the given language, or undefined when it has none. */
export async function findItemForm(
  db: Db,
  itemId: string,
  locale: Locale = 'zh-CN',
): Promise<ItemForm | undefined> {
  const latest = await findLatestVersion(db, itemId);
  if (!latest) return undefined;
  const key = `${itemId}:${latest.version}:${locale}`;
  let form = cache.get(key);
  if (!form) {
    const built = latest.built as BuiltVersion;
    form = { version: latest.version, ...built[locale], fields: built.fields };
    cache.set(key, form);
  }
  return form;
}

/** The latest form of an item, or FORM_NOT_FOUND. */
export async function getItemForm(db: Db, itemId: string, locale: Locale = 'zh-CN'): Promise<ItemForm> {
  const form = await findItemForm(db, itemId, locale);
  if (!form) throw new AppError('FORM_NOT_FOUND');
  return form;
}

function labelsOf(form: Pick<BuiltForm, 'fields'>) {
  return new Map(
    form.fields.map((f) => [f.pointer, { zh: f.labelZh, en: f.labelEn, fieldCode: f.fieldCode }] as const),
  );
}

/**
 * Every field error of `data` against a built form (an item's, or a bundle's combined form), with
 * the same compiled schema the web uses: localized, with pointers into `data`; empty when valid.
 */
export function fieldErrorsOf(
  form: Pick<BuiltForm, 'schema' | 'fields'>,
  data: Record<string, unknown>,
  locale: Locale,
): FieldError[] {
  const validate = compileBody(form.schema);
  // Validation fills in defaults (empty sections); the caller's data stays as it was.
  const copy = structuredClone(data);
  if (validate(copy)) return [];
  return formFieldErrors(validate.errors, copy, locale, labelsOf(form));
}

/** What a submitted form yields: its field errors and, when valid, the process variables. */
export interface CheckedFormData {
  errors: FieldError[];
  variables: Record<string, unknown>;
}

/**
 * Validates form data against the item's form with the same compiled schema the web uses, and
 * returns every field error at once (empty when valid), localized, with pointers into `data`,
 * together with the values a process reads (see `formVariables`), from one read of the form.
 */
export async function checkApplicationData(
  db: Db,
  itemId: string,
  data: Record<string, unknown>,
  locale: Locale,
): Promise<CheckedFormData> {
  const form = await getItemForm(db, itemId, locale);
  const errors = fieldErrorsOf(form, data, locale);
  return { errors, variables: errors.length ? {} : variablesOf(form, data) };
}

/** The field errors of `data` alone (the validate endpoint). */
export async function validateApplicationData(
  db: Db,
  itemId: string,
  data: unknown,
  locale: Locale,
): Promise<FieldError[]> {
  return (await checkApplicationData(db, itemId, data as Record<string, unknown>, locale)).errors;
}

/** Whether a dictionary field may be kept from earlier applications: never grade 4. */
export function rememberable(fieldCode: string): boolean {
  const d = dictionaryField(fieldCode);
  return d !== undefined && d.sensitivity < 4;
}

/**
 * The form's values by field key (dictionary code or item field key), whatever section each
 * sits in: the variables a process definition's conditions read, e.g. `residenceMonths >= 6`,
 * so workflows do not depend on how a form is laid out. Fields left empty are absent.
 */
export async function formVariables(
  db: Db,
  itemId: string,
  formData: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return variablesOf(await getItemForm(db, itemId), formData);
}

function variablesOf(form: ItemForm, formData: Record<string, unknown>): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const field of form.fields) {
    const [, section = '', key = ''] = field.pointer.split('/');
    const values = formData[section];
    if (values && typeof values === 'object' && key in values) {
      variables[key] = (values as Record<string, unknown>)[key];
    }
  }
  return variables;
}
