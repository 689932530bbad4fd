import { dictionaryField } from '@tongban/contracts';
import type { TFunction } from 'i18next';

/** A field's label in the reader's language: the data dictionary's, else the code. */
export function fieldLabel(code: string, en: boolean, t: TFunction): string {
  if (code === 'form') return t('dataUsage.wholeCase');
  if (code === 'heldLicences') return t('dataUsage.heldLicences');
  const f = dictionaryField(code);
  return f ? (en ? f.labelEn : f.labelZh) : code;
}

/** A purpose keyword in plain words where the portal knows it (`case.review`), else the code itself. */
export function purposeLabel(code: string | null, t: TFunction): string {
  if (!code) return '—';
  return t(`dataUsage.purposes.${code.replaceAll('.', '_')}`, { defaultValue: code });
}
