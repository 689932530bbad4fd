import type { DataUsageItem } from '@tongban/contracts';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePagedApi } from '../api/usePagedApi.ts';
import { PagedTable } from '../components/PagedTable.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { fieldLabel, purposeLabel } from '../features/consent/labels.ts';

type Row = DataUsageItem & { id: string };

/**
 * 谁用了我的数据: every time someone else read or asked for my personal data — an officer reading my
 * case, a department's system through the exchange gateway — when, who, why and which data.
 */
export default function DataUsagePage() {
  const { t } = useTranslation();
  const { en, text, dateTime } = useLocal();
  const list = usePagedApi<DataUsageItem>('/me/data-usage');
  const rows = { ...list, items: list.items.map((i): Row => ({ ...i, id: String(i.seq) })) };
  return (
    <>
      <PageTitle>{t('dataUsage.title')}</PageTitle>
      <Typography.Paragraph>{t('dataUsage.intro')}</Typography.Paragraph>
      <PagedTable<Row>
        list={rows}
        testId="data-usage"
        empty={t('dataUsage.none')}
        columns={[
          { title: t('dataUsage.when'), key: 'at', render: (_, r) => dateTime(r.at) },
          {
            title: t('dataUsage.who'),
            key: 'who',
            render: (_, r) => (
              <>
                {text(r.department) || t(`dataUsage.actor.${r.actorKind}`, { defaultValue: r.actorKind })}
                {r.recipient && (
                  <>
                    <br />
                    <Typography.Text type="secondary">{text(r.recipient)}</Typography.Text>
                  </>
                )}
                {r.provider && (
                  <>
                    <br />
                    <Typography.Text type="secondary">
                      {t('dataUsage.from', { department: text(r.provider) })}
                    </Typography.Text>
                  </>
                )}
              </>
            ),
          },
          { title: t('dataUsage.purpose'), key: 'purpose', render: (_, r) => purposeLabel(r.purpose, t) },
          {
            title: t('dataUsage.fields'),
            key: 'fields',
            render: (_, r) => r.fields.map((f) => fieldLabel(f, en, t)).join('、'),
          },
          {
            title: t('dataUsage.outcome'),
            key: 'outcome',
            render: (_, r) =>
              r.outcome === 'used' ? (
                <Tag color="blue">{t('dataUsage.used')}</Tag>
              ) : (
                <Tag color="default">{t('dataUsage.refused')}</Tag>
              ),
          },
        ]}
      />
    </>
  );
}
