import { LeftOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import type { Department, Region } from '@tongban/contracts';
import { Alert, Button, Card, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { useAuth } from '../features/auth/AuthContext.tsx';
import {
  type CalendarDay,
  type CalendarImportResult,
  type CalendarYear,
  clearDay,
  type DayKind,
  importIcs,
  setDay,
} from '../features/calendar/api.ts';
import { YearGrid } from '../features/calendar/YearGrid.tsx';

type Choice = DayKind | 'normal';

/**
 * The holiday calendar of a region, a year at a time: department administrators mark holidays and
 * make-up working days (调休) and import the State Council schedule as an iCalendar file.
 */
export default function CalendarAdminPage() {
  const { t } = useTranslation();
  const { text } = useLocal();
  const notify = useNotify();
  const { me } = useAuth();
  const adminRole = me?.account.roles.find((r) => r.role === 'dept_admin');
  const home = useApi<Department>(
    adminRole ? `/departments/${encodeURIComponent(adminRole.departmentId)}` : null,
  );
  const regions = useApi<Page<Region>>('/regions?limit=100');
  const [region, setRegion] = useState<string>();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const regionCode = region ?? home.data?.regionCode;
  const calendar = useApi<CalendarYear>(regionCode ? `/calendar/${regionCode}?year=${year}` : null);
  const [editing, setEditing] = useState<{ date: string; entry?: CalendarDay } | null>(null);
  const [choice, setChoice] = useState<Choice>('holiday');
  const [nameZh, setNameZh] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [imported, setImported] = useState<CalendarImportResult | null>(null);
  const [importError, setImportError] = useState<ApiError>();
  const fileInput = useRef<HTMLInputElement>(null);

  const pick = (date: string, entry: CalendarDay | undefined) => {
    setEditing({ date, ...(entry ? { entry } : {}) });
    setChoice(entry?.kind ?? 'holiday');
    setNameZh(entry?.nameZh ?? '');
    setNameEn(entry?.nameEn ?? '');
    setError(undefined);
  };

  const save = async () => {
    if (!editing || !regionCode) return;
    setBusy(true);
    try {
      if (choice === 'normal') {
        if (editing.entry) await clearDay(regionCode, editing.date);
      } else {
        await setDay(regionCode, editing.date, {
          kind: choice,
          ...(nameZh.trim() ? { nameZh: nameZh.trim() } : {}),
          ...(nameEn.trim() ? { nameEn: nameEn.trim() } : {}),
        });
      }
      notify.success(t('calendar.saved', { date: editing.date }));
      setEditing(null);
      calendar.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e.message);
    } finally {
      setBusy(false);
    }
  };

  const upload = async (file: File) => {
    if (!regionCode) return;
    setImportError(undefined);
    setImported(null);
    try {
      const result = await importIcs(regionCode, await file.text(), newIdempotencyKey());
      setImported(result);
      notify.success(t('calendar.imported', { holidays: result.holidays, workdays: result.workdays }));
      calendar.reload();
    } catch (e) {
      if (e instanceof ApiError) setImportError(e);
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <>
      <PageTitle>{t('calendar.title')}</PageTitle>
      <Typography.Paragraph className="tb-muted">{t('calendar.intro')}</Typography.Paragraph>
      <Card className="tb-block">
        <Space wrap align="center">
          <label htmlFor="calendar-region">{t('calendar.region')}</label>
          <Select
            id="calendar-region"
            value={regionCode}
            onChange={(code: string) => {
              setRegion(code);
              setImported(null);
            }}
            style={{ minWidth: 200 }}
            showSearch
            optionFilterProp="label"
            loading={regions.loading || home.loading}
            options={(regions.data?.items ?? []).map((r) => ({
              value: r.code,
              label: `${text(r)} (${r.code})`,
            }))}
            data-testid="calendar-region"
          />
          <Button
            icon={<LeftOutlined aria-hidden="true" />}
            onClick={() => setYear(year - 1)}
            aria-label={t('calendar.previousYear')}
          />
          <span className="tb-year" data-testid="calendar-year-label" aria-live="polite">
            {year}
          </span>
          <Button
            icon={<RightOutlined aria-hidden="true" />}
            onClick={() => setYear(year + 1)}
            aria-label={t('calendar.nextYear')}
          />
        </Space>
        <p className="tb-calendar-legend">
          <span className="tb-day tb-day-holiday">{t('calendar.kind.holiday')}</span>
          <span className="tb-day tb-day-workday">{t('calendar.kind.workday')}</span>
          <span className="tb-day tb-day-weekend">{t('calendar.kind.weekend')}</span>
        </p>
      </Card>

      <Card className="tb-block" title={t('calendar.importTitle')}>
        <Typography.Paragraph>{t('calendar.importHelp')}</Typography.Paragraph>
        <input
          ref={fileInput}
          type="file"
          accept=".ics,text/calendar"
          className="tb-visually-hidden"
          id="calendar-ics"
          // The button below opens it; the input itself stays out of the tab order but is named.
          tabIndex={-1}
          aria-label={t('calendar.importButton')}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
          data-testid="calendar-ics"
        />
        <Button
          icon={<UploadOutlined aria-hidden="true" />}
          onClick={() => fileInput.current?.click()}
          disabled={!regionCode}
        >
          {t('calendar.importButton')}
        </Button>
        <ErrorAlert error={importError} />
        {importError?.details.length ? (
          <ul className="tb-plain-list" data-testid="calendar-import-problems">
            {(importError.details as { uid?: string; summary?: string; problem?: string }[]).map((p) => (
              <li key={`${p.uid}|${p.problem}`}>{[p.summary, p.problem].filter(Boolean).join(': ')}</li>
            ))}
          </ul>
        ) : null}
        {imported && (
          <Alert
            type="success"
            showIcon
            data-testid="calendar-import-result"
            title={t('calendar.imported', { holidays: imported.holidays, workdays: imported.workdays })}
            description={
              imported.ignored.length ? (
                <>
                  {t('calendar.ignoredTitle')}
                  <ul className="tb-plain-list">
                    {imported.ignored.map((i) => (
                      <li key={`${i.uid}|${i.summary}|${i.reason}`}>
                        {i.summary ?? i.uid ?? '—'}: {t(`calendar.ignored.${i.reason}`)}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null
            }
          />
        )}
      </Card>

      <ErrorAlert error={calendar.error} />
      {calendar.data && <YearGrid year={year} days={calendar.data.days} onPick={pick} />}

      <Modal
        open={editing !== null}
        title={editing?.date}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, 'data-testid': 'calendar-day-save' } as never}
        destroyOnHidden
      >
        <fieldset className="tb-fieldset">
          <legend>{t('calendar.kindLabel')}</legend>
          <Radio.Group
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            data-testid="calendar-day-kind"
          >
            <Radio value="holiday">{t('calendar.kind.holiday')}</Radio>
            <Radio value="workday">{t('calendar.kind.workday')}</Radio>
            <Radio value="normal">{t('calendar.kind.normal')}</Radio>
          </Radio.Group>
        </fieldset>
        {choice !== 'normal' && (
          <>
            <label htmlFor="calendar-name-zh" className="tb-label">
              {t('calendar.nameZh')}
            </label>
            <Input
              id="calendar-name-zh"
              value={nameZh}
              maxLength={100}
              onChange={(e) => setNameZh(e.target.value)}
            />
            <label htmlFor="calendar-name-en" className="tb-label">
              {t('calendar.nameEn')}
            </label>
            <Input
              id="calendar-name-en"
              value={nameEn}
              maxLength={100}
              onChange={(e) => setNameEn(e.target.value)}
            />
          </>
        )}
        {error && (
          <div role="alert" className="tb-error-text">
            {error}
          </div>
        )}
      </Modal>
    </>
  );
}
