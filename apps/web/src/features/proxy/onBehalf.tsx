import { Alert } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FiledBy } from '../../api/types.ts';
import { useLocal } from '../../components/useLocal.ts';
import { useAuth } from '../auth/AuthContext.tsx';

interface OnBehalf {
  applicantName?: string;
  filedBy?: FiledBy | null;
}

/** The filer as people read it: 李华（配偶）, or 住房公积金管理中心窗口 宋佳. */
export function filerLabel(f: FiledBy, t: TFunction, text: ReturnType<typeof useLocal>['text']): string {
  if (f.authorization === 'family') {
    return f.relation
      ? t('proxy.familyFiler', { name: f.name, relation: t(`proxy.relation.${f.relation}`) })
      : f.name;
  }
  return t('proxy.windowFiler', { name: f.name, department: text(f, 'departmentName') });
}

/** "申请人 张明 · 代办人 李华（配偶）" — nothing for a case the applicant filed themselves. */
export function BothNames({ app }: { app: OnBehalf }) {
  const { t } = useTranslation();
  const { text } = useLocal();
  if (!app.filedBy) return null;
  return (
    <span data-testid="both-names">
      {t('proxy.bothNames', { applicant: app.applicantName ?? '', filer: filerLabel(app.filedBy, t, text) })}
    </span>
  );
}

/**
 * On a case filed for someone else: the filer is told whose case it is and what a revocation does;
 * the applicant is told who filed it and where to revoke.
 */
export function OnBehalfBanner({ app }: { app: OnBehalf }) {
  const { t } = useTranslation();
  const { text } = useLocal();
  const { me } = useAuth();
  if (!app.filedBy || !me) return null;
  if (me.account.id === app.filedBy.accountId) {
    return (
      <Alert
        type="info"
        showIcon
        className="tb-block"
        data-testid="acting-for"
        title={t('proxy.actingFor', { name: app.applicantName ?? '' })}
        description={t('proxy.actingForHint')}
      />
    );
  }
  return (
    <Alert
      type="info"
      showIcon
      className="tb-block"
      data-testid="filed-for-you"
      title={t('proxy.filedForYou', { filer: filerLabel(app.filedBy, t, text) })}
      description={<Link to="/me/authorizations">{t('proxy.filedForYouHint')}</Link>}
    />
  );
}

/** Whether the signed-in user is the filer (their own profile must not pre-fill someone else's form). */
export function useIsFiler(app: OnBehalf | undefined): boolean {
  const { me } = useAuth();
  return !!app?.filedBy && me?.account.id === app.filedBy.accountId;
}
