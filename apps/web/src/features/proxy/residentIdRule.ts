import { chinaToday, identityFieldMessages, residentIdProblem } from '@tongban/contracts';
import type { Rule } from 'antd/es/form';
import { currentLang } from '../../i18n/index.ts';

/**
 * A live check of a resident ID number typed for someone else (a family proxy, a citizen at the
 * counter) with the rule and message the identity module applies on the server.
 */
export const residentIdRule: Rule = {
  validator: async (_, value: string | undefined) => {
    const p = value ? residentIdProblem(value, chinaToday(new Date())) : undefined;
    if (p) throw new Error(identityFieldMessages[p][currentLang()]);
  },
};
