import { Collapse, type TableColumnType, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CriticalMark } from '../../components/CriticalMark.tsx';
import { useLocal } from '../../components/useLocal.ts';

type GuideMaterial = { critical: boolean; required: boolean };
type Text = ReturnType<typeof useLocal>['text'];

/**
 * The columns every materials list of a guide shows (name with its description, 关键材料, required),
 * so a service's guide and a bundle's guide describe a material the same way.
 */
export function materialColumns<M extends GuideMaterial>(t: TFunction, text: Text) {
  const name: TableColumnType<M> = {
    title: t('materials.name'),
    key: 'name',
    render: (_, m) => (
      <>
        {text(m)}
        {text(m, 'description') && <div className="tb-muted tb-small">{text(m, 'description')}</div>}
      </>
    ),
  };
  const critical: TableColumnType<M> = {
    title: t('materials.criticalColumn'),
    key: 'critical',
    render: (_, m) => <CriticalMark critical={m.critical} />,
  };
  const required: TableColumnType<M> = {
    title: t('materials.requiredColumn'),
    key: 'required',
    render: (_, m) => (m.required ? t('common.yes') : t('common.no')),
  };
  return { name, critical, required };
}

/** A guide's questions and answers; services name them `question`/`answer`, bundles `q`/`a`. */
export function FaqSection({ faq, titleId }: { faq: object[]; titleId: string }) {
  const { t } = useTranslation();
  const { text } = useLocal();
  if (faq.length === 0) return null;
  return (
    <section className="tb-section" aria-labelledby={titleId}>
      <Typography.Title level={2} id={titleId}>
        {t('service.faq')}
      </Typography.Title>
      <Collapse
        items={faq.map((f, i) => ({
          key: String(i),
          label: text(f, 'question') || text(f, 'q'),
          children: <p>{text(f, 'answer') || text(f, 'a')}</p>,
        }))}
      />
    </section>
  );
}
