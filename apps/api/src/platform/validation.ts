import type { FieldError, Locale } from '@tongban/contracts';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import localizeZh from 'ajv-i18n/localize/zh/index.js';

/**
 * One ajv setup for request validation and for service forms: strict types (no coercion) for
 * bodies, so "12" is not silently a number; unknown fields are errors, never silently dropped.
 * Query strings and path params arrive as text, so those get type coercion.
 */
function makeAjv(coerceTypes: boolean) {
  const ajv = new Ajv2020({
    allErrors: true,
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
    messages: true,
  });
  addFormats.default(ajv);
  return ajv;
}

export const bodyAjv = makeAjv(false);
export const paramAjv = makeAjv(true);

/** Adds a custom keyword or format to both instances (e.g. `idNumber` checks from the contracts). */
export function addFormat(name: string, validate: (value: string) => boolean): void {
  for (const ajv of [bodyAjv, paramAjv]) ajv.addFormat(name, { type: 'string', validate });
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles (once per schema object) a body validator. */
export function compileBody(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = bodyAjv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Turns ajv errors into field errors with JSON pointers, one per failing field, localized. */
export function toFieldErrors(
  errors: ErrorObject[] | null | undefined,
  locale: Locale,
  prefix = '',
): FieldError[] {
  if (!errors?.length) return [];
  const copies = errors.map((e) => ({ ...e }));
  if (locale === 'zh-CN') localizeZh(copies);
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of copies) {
    let pointer = e.instancePath;
    if (e.keyword === 'required') pointer += `/${(e.params as { missingProperty: string }).missingProperty}`;
    if (e.keyword === 'additionalProperties')
      pointer += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
    pointer = prefix + pointer;
    const key = `${pointer}:${e.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer: pointer || '/', code: e.keyword, message: e.message ?? e.keyword });
  }
  return out;
}
