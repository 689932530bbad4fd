import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** A search form (landmark "search") that opens the services list; the input is what `testId` names. */
export function SearchBox({
  testId,
  initial = '',
  size,
  onSearch,
}: {
  testId: string;
  initial?: string;
  size?: 'large';
  onSearch?: (q: string) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState(initial);
  return (
    <search className="tb-search">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const v = q.trim();
          if (onSearch) onSearch(v);
          else navigate(`/services?q=${encodeURIComponent(v)}`);
        }}
      >
        <Space.Compact block>
          <Input
            type="search"
            size={size}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('search.placeholder')}
            aria-label={t('search.label')}
            data-testid={testId}
          />
          <Button
            type="primary"
            htmlType="submit"
            size={size}
            icon={<SearchOutlined aria-hidden="true" />}
            data-testid={`${testId}-submit`}
          >
            {t('search.button')}
          </Button>
        </Space.Compact>
      </form>
    </search>
  );
}
