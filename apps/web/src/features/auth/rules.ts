import {
  type CitizenSignUpBody,
  citizenSignUpProblems,
  type EnterpriseSignUpBody,
  enterpriseSignUpProblems,
  identityFieldMessages,
} from '@tongban/contracts';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { currentLang } from '../../i18n/index.ts';

type Kind = 'citizen' | 'enterprise';

const EMPTY: Record<Kind, Record<string, string>> = {
  citizen: { name: '', idNumber: '', phone: '', password: '' },
  enterprise: { companyName: '', creditCode: '', legalRepName: '', phone: '', password: '' },
};

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A live check of one sign-up field with the very rules and messages the identity module applies
 * on the server (packages/contracts/src/identity.ts), so the user learns of a wrong check digit while typing.
 */
export function signUpRule(kind: Kind, field: string): Rule {
  return ({ getFieldsValue }) => ({
    validator: async (_, value: string | undefined) => {
      if (!value) return;
      const body: Record<string, string> = {
        ...EMPTY[kind],
        ...getFieldsValue(Object.keys(EMPTY[kind])),
        [field]: value,
      };
      for (const k of Object.keys(body)) body[k] ??= '';
      const problems =
        kind === 'citizen'
          ? citizenSignUpProblems(body as CitizenSignUpBody, today())
          : enterpriseSignUpProblems(body as EnterpriseSignUpBody);
      const mine = problems.find((p) => p.pointer === `/${field}`);
      if (mine) throw new Error(identityFieldMessages[mine.code][currentLang()]);
    },
  });
}

export function requiredRule(t: TFunction): Rule {
  return { required: true, whitespace: true, message: t('validation.required') };
}

export function fieldRules(t: TFunction, kind: Kind, field: string): Rule[] {
  return [requiredRule(t), signUpRule(kind, field)];
}
