import type { DecisionTestRun } from '@tongban/contracts';
import { Card, Descriptions, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApi } from '../api/useApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import {
  type DecisionTableDetail,
  type DecisionVersionDetail,
  tablePath,
} from '../features/decisions/api.ts';
import { DecisionGrid, usePolicyWords } from '../features/decisions/DecisionGrid.tsx';
import { TryItPanel } from '../features/decisions/TryItPanel.tsx';
import { VersionList } from '../features/decisions/VersionList.tsx';

/** One decision table: a version drawn as a DMN table, its test-run panel, and every version. */
export default function DecisionTablePage() {
  const { key = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const policyWords = usePolicyWords();
  const detail = useApi<DecisionTableDetail>(tablePath(key));
  const latest = detail.data?.versions[0]?.version;
  const asked = Number(params.get('version'));
  const shown = Number.isInteger(asked) && asked > 0 ? asked : latest;
  const version = useApi<DecisionVersionDetail>(shown ? `${tablePath(key)}/versions/${shown}` : null);
  const [run, setRun] = useState<{ version: number; result: DecisionTestRun | null }>();

  if ((detail.loading && !detail.data) || (version.loading && !version.data)) return <Loading />;
  const error = detail.error ?? version.error;
  if (error || !detail.data || !version.data) {
    return (
      <>
        <PageTitle>{t('decisions.title')}</PageTitle>
        <ErrorAlert error={error} />
        <Link to="/admin/decisions">{t('decisions.back')}</Link>
      </>
    );
  }
  const v = version.data;
  const trace = run?.version === v.version ? run.result?.trace : null;
  return (
    <>
      <PageTitle>{text(v, 'name')}</PageTitle>
      <p>
        <Link to="/admin/decisions">{t('decisions.back')}</Link>
      </p>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        className="tb-block"
        data-testid="decision-meta"
        items={[
          { key: 'key', label: t('decisions.key'), children: <code>{v.key}</code> },
          { key: 'owner', label: t('decisions.owner'), children: text(v, 'ownerDepartmentName') },
          {
            key: 'policy',
            label: t('decisions.hitPolicy'),
            children: policyWords(v.table.hitPolicy, v.table.aggregation),
          },
          {
            key: 'version',
            label: t('decisions.version'),
            children: (
              <span data-testid="decision-version">
                {t('decisions.versionN', { n: v.version })}
                {v.version === latest ? null : (
                  <Tag>
                    {t('decisions.latest')}: {t('decisions.versionN', { n: latest })}
                  </Tag>
                )}
              </span>
            ),
          },
          { key: 'source', label: t('decisions.sourceLabel'), children: t(`decisions.source.${v.source}`) },
          {
            key: 'by',
            label: t('decisions.createdBy'),
            children: `${v.createdByName ?? t('decisions.system')} · ${dateTime(v.createdAt)}`,
          },
        ]}
      />
      <Card title={t('decisions.grid')} className="tb-block">
        <DecisionGrid table={v.table} version={v.version} trace={trace} />
      </Card>
      <Card title={t('decisions.tryIt')} className="tb-block">
        <TryItPanel
          key={v.id}
          tableKey={v.key}
          version={v.version}
          table={v.table}
          onResult={(result) => setRun({ version: v.version, result })}
        />
      </Card>
      <Card title={t('decisions.versions')} className="tb-block">
        <VersionList tableKey={v.key} versions={detail.data.versions} shown={v.version} />
      </Card>
    </>
  );
}
