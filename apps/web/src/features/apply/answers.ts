import type { TFunction } from 'i18next';
import type { FormLike } from '../../api/types.ts';
import { getAt, leaves, segments } from './pointers.ts';

export interface Answer {
  pointer: string;
  label: string;
  value: string;
}

function optionTitle(schema: Record<string, unknown>, value: unknown): string | undefined {
  const options = (schema.oneOf ?? schema.anyOf) as Array<Record<string, unknown>> | undefined;
  const hit = options?.find((o) => o.const === value);
  return typeof hit?.title === 'string' ? hit.title : undefined;
}

export function formatValue(schema: Record<string, unknown>, value: unknown, t: TFunction): string {
  if (value === undefined || value === null || value === '') return t('answers.notProvided');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (Array.isArray(value)) {
    const items = (schema.items ?? {}) as Record<string, unknown>;
    return value.map((v) => formatValue(items, v, t)).join('、');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return optionTitle(schema, value) ?? String(value);
}

/** Every question of the form with the applicant's answer, labelled in the current language. */
export function answersOf(
  form: Pick<FormLike, 'schema' | 'uiSchema' | 'fields'>,
  data: Record<string, unknown>,
  en: boolean,
  t: TFunction,
): Answer[] {
  const labels = new Map((form.fields ?? []).map((f) => [f.pointer, en ? f.labelEn : f.labelZh]));
  return leaves(form.schema, form.uiSchema ?? {}).map(({ pointer, schema }) => ({
    pointer,
    label:
      labels.get(pointer) ??
      (typeof schema.title === 'string' ? schema.title : (segments(pointer).at(-1) ?? pointer)),
    value: formatValue(schema, getAt(data, pointer), t),
  }));
}
