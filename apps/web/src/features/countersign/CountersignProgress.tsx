import type { CountersignProgress as Progress } from '@tongban/contracts';
import { Progress as Bar, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const STATUS_COLOURS: Record<Progress['status'], string> = {
  open: 'processing',
  passed: 'success',
  failed: 'error',
  cancelled: 'default',
};

/** A countersign step's progress: "1 of 2 signed", how it completes (会签 / 或签 / condition), its state. */
export function CountersignProgress({ progress }: { progress: Progress }) {
  const { t } = useTranslation();
  const signed = progress.approvals;
  return (
    <div className="tb-block" data-testid="countersign-progress" data-status={progress.status}>
      <span>
        {t(`countersign.mode.${progress.mode}`)}{' '}
        {progress.mode === 'condition' && <code>{progress.completion}</code>}{' '}
        <Tag color={STATUS_COLOURS[progress.status]}>{t(`countersign.status.${progress.status}`)}</Tag>
      </span>
      <Bar
        percent={progress.total ? Math.round((signed * 100) / progress.total) : 0}
        aria-label={t('countersign.signedOf', { signed, total: progress.total })}
        format={() => t('countersign.signedOf', { signed, total: progress.total })}
      />
      {progress.rejections > 0 && (
        <span className="tb-muted">{t('countersign.rejections', { count: progress.rejections })}</span>
      )}
    </div>
  );
}
