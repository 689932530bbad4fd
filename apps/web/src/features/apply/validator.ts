import type { RJSFValidationError, ValidatorType } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { checkResidentId, isCreditCode, isMobilePhone } from '@tongban/contracts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import localizeZh from 'ajv-i18n/localize/zh';
import type { TFunction } from 'i18next';

/** The formats the data dictionary uses, checked by the same functions the server uses. */
export const CUSTOM_FORMATS = {
  'cn-resident-id': (v: string) => typeof checkResidentId(v) === 'object',
  'cn-credit-code': isCreditCode,
  'cn-mobile': isMobilePhone,
};

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

export function formValidator(lang: 'zh-CN' | 'en'): ValidatorType {
  let v = cache.get(lang);
  if (!v) {
    v = customizeValidator(
      { AjvClass: Ajv2020 as never, customFormats: CUSTOM_FORMATS, ajvOptionsOverrides: { allErrors: true } },
      lang === 'zh-CN' ? (localizeZh as never) : undefined,
    );
    cache.set(lang, v);
  }
  return v;
}

/** Replaces ajv's generic "must match format" with what the user should fix. */
export function transformErrors(t: TFunction) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors.map((e) => {
      if (e.name === 'format') {
        const format = (e.params as { format?: string } | undefined)?.format;
        if (format === 'cn-resident-id') return { ...e, message: t('validation.idNumber.checkDigit') };
        if (format === 'cn-credit-code') return { ...e, message: t('validation.creditCode') };
        if (format === 'cn-mobile') return { ...e, message: t('validation.phone') };
      }
      if (e.name === 'required') return { ...e, message: t('validation.required') };
      return e;
    });
}
