import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

type Bilingual = object;

/** Picks the current language's variant of a bilingual pair `<base>Zh` / `<base>En` (or `<base>` alone). */
export function useLocal() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const text = (obj: Bilingual | null | undefined, base = 'name'): string => {
    if (!obj) return '';
    const o = obj as Record<string, unknown>;
    const primary = o[`${base}${en ? 'En' : 'Zh'}`];
    const other = o[`${base}${en ? 'Zh' : 'En'}`];
    const plain = o[base];
    const pick = [primary, plain, other].find((v) => typeof v === 'string' && v.length > 0);
    return (pick as string | undefined) ?? '';
  };
  const dateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
  const date = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');
  const money = (fen: number | null | undefined) => (!fen ? null : `¥${(fen / 100).toFixed(2)}`);
  return { en, text, dateTime, date, money };
}
