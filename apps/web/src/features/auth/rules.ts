import { checkResidentId, isCreditCode, isMobilePhone } from '@tongban/contracts';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';

/**
 * Live checks with the same validators the server runs (packages/contracts), so the user learns
 * of a wrong check digit while typing, not after submitting.
 */
export function idNumberRules(t: TFunction): Rule[] {
  return [
    { required: true, message: t('validation.required') },
    {
      validator: async (_, value: string | undefined) => {
        if (!value) return;
        const r = checkResidentId(value);
        if (typeof r === 'string') throw new Error(t(`validation.idNumber.${r}`));
      },
    },
  ];
}

export function creditCodeRules(t: TFunction): Rule[] {
  return [
    { required: true, message: t('validation.required') },
    {
      validator: async (_, value: string | undefined) => {
        if (value && !isCreditCode(value)) throw new Error(t('validation.creditCode'));
      },
    },
  ];
}

export function phoneRules(t: TFunction): Rule[] {
  return [
    { required: true, message: t('validation.required') },
    {
      validator: async (_, value: string | undefined) => {
        if (value && !isMobilePhone(value)) throw new Error(t('validation.phone'));
      },
    },
  ];
}

export function requiredRule(t: TFunction): Rule[] {
  return [{ required: true, whitespace: true, message: t('validation.required') }];
}
