import {
  customFormats,
  dictionaryField,
  explainFormat,
  type FieldError,
  type Locale,
} from '@tongban/contracts';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { addFormat, toFieldErrors } from '../../platform/validation.ts';

/**
 * Registers the dictionary's custom formats (cn-resident-id, cn-credit-code, cn-mobile) on the
 * API's ajv instances, so request bodies of every module can use them too. Idempotent.
 */
export function registerFormats(): void {
  for (const [name, validate] of Object.entries(customFormats)) addFormat(name, validate);
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
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
  const zh = locale === 'zh-CN';
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const [generic] = toFieldErrors([e], locale);
    if (!generic) continue;
    const pointer = generic.pointer;
    const label = labels.get(pointer);
    const name = label ? (zh ? label.zh : label.en) : undefined;
    let code = e.keyword;
    let message = generic.message;
    if (e.keyword === 'required') {
      message = name
        ? zh
          ? `请填写${name}`
          : `${name} is required`
        : zh
          ? '请填写此项'
          : 'This field is required';
    } else if (e.keyword === 'additionalProperties') {
      message = zh ? '表单中没有这个字段' : 'This field is not part of the form';
    } else if (e.keyword === 'format') {
      const format = (e.params as { format: string }).format;
      const explained = explainFormat(format, valueAt(data, pointer), locale);
      if (explained) {
        code = format;
        message = explained;
      }
    } else if (e.keyword === 'pattern') {
      const hint = label?.fieldCode ? dictionaryField(label.fieldCode)?.hint : undefined;
      if (hint) message = zh ? hint.zh : hint.en;
    } else if (e.keyword === 'enum') {
      message = zh ? '请从列表中选择一项' : 'Choose one of the listed options';
    }
    const key = `${pointer}:${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, code, message });
  }
  return out;
}
