import type { RJSFValidationError, ValidatorType } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { customFormats, describeFieldError } from '@tongban/contracts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import localizeZh from 'ajv-i18n/localize/zh';
import type { FormField } from '../../api/types.ts';
import { getAt } from './pointers.ts';

/**
 * ajv compiles validators with `new Function`; a strict Content-Security-Policy (no 'unsafe-eval')
 * forbids that, and the form then falls back to the server's validation endpoint.
 */
export function canCompile(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

const cache = new Map<string, ValidatorType>();

/** ajv 2020 with the dictionary's formats (cn-resident-id, cn-credit-code, cn-mobile), checked by the contracts' validators. */
export function formValidator(lang: 'zh-CN' | 'en'): ValidatorType {
  let v = cache.get(lang);
  if (!v) {
    v = customizeValidator(
      { AjvClass: Ajv2020 as never, customFormats, ajvOptionsOverrides: { allErrors: true } },
      lang === 'zh-CN' ? (localizeZh as never) : undefined,
    );
    cache.set(lang, v);
  }
  return v;
}

/** rjsf's property path ('.applicant.name') as a JSON pointer. */
function pointerOfProperty(property: string | undefined): string {
  const parts = (property ?? '').replace(/^\./, '').split('.').filter(Boolean);
  return '/' + parts.join('/');
}

/**
 * The messages the server's forms module gives (`describeFieldError` from the contracts, the one
 * place these rules live), so a field says the same thing while typing and after submitting:
 * "请填写公民身份号码", "身份证号码校验位不正确".
 */
export function serverLikeMessages(lang: 'zh-CN' | 'en', fields: FormField[], data: () => unknown) {
  const byPointer = new Map(fields.map((f) => [f.pointer, f]));
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors.map((e) => {
      const pointer = pointerOfProperty(e.property);
      const field = byPointer.get(pointer);
      const described = describeFieldError(
        {
          keyword: e.name ?? '',
          format: (e.params as { format?: string } | undefined)?.format,
          value: e.name === 'format' ? getAt(data(), pointer) : undefined,
          label: field ? { zh: field.labelZh, en: field.labelEn } : undefined,
          fieldCode: field?.fieldCode,
        },
        lang,
      );
      return described ? { ...e, message: described.message } : e;
    });
}
