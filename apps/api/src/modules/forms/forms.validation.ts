import { customFormats, describeFieldError, type FieldError, type Locale } from '@tongban/contracts';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { addFormat, toFieldErrors } from '../../platform/validation.ts';
import { valueAt } from './forms.schema.ts';

/**
 * Registers the dictionary's custom formats (cn-resident-id, cn-credit-code, cn-mobile) on the
 * API's ajv instances, so request bodies of every module can use them too. Idempotent.
 */
export function registerFormats(): void {
  for (const [name, validate] of Object.entries(customFormats)) addFormat(name, validate);
}

interface Label {
  zh: string;
  en: string;
  fieldCode?: string;
}

/**
 * Field errors a person can act on: "请填写公民身份号码", "The check digit of the ID number is wrong",
 * instead of ajv's generic "must match format". Every error is kept (one per pointer and rule).
 */
export function formFieldErrors(
  errors: ErrorObject[] | null | undefined,
  data: unknown,
  locale: Locale,
  labels: Map<string, Label>,
): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const [generic] = toFieldErrors([e], locale);
    if (!generic) continue;
    const { pointer } = generic;
    const label = labels.get(pointer);
    const better = describeFieldError(
      {
        keyword: e.keyword,
        format: (e.params as { format?: string }).format,
        value: valueAt(data, pointer),
        label,
        fieldCode: label?.fieldCode,
      },
      locale,
    );
    const code = better?.code ?? e.keyword;
    const key = `${pointer}:${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, code, message: better?.message ?? generic.message });
  }
  return out;
}
