import { Button, Empty, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { usePagedApi } from '../api/usePagedApi.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

/**
 * A cursor-paged list as a table: its error, the rows so far (scrolling sideways on narrow
 * screens rather than squeezing columns), and "load more" while the server has more.
 */
export function PagedTable<T extends { id: string }>({
  list,
  columns,
  empty,
  testId,
}: {
  list: ReturnType<typeof usePagedApi<T>>;
  columns: TableColumnsType<T>;
  empty: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={list.error} />
      <div className="tb-table-scroll">
        <Table<T>
          rowKey="id"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          data-testid={testId}
          locale={{ emptyText: <Empty description={empty} /> }}
          columns={columns}
        />
      </div>
      {list.hasMore && (
        <div className="tb-actions">
          <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>
        </div>
      )}
    </>
  );
}
