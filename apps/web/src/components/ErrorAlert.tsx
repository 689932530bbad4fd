import { Alert } from 'antd';
import type { ApiError } from '../api/client.ts';

/** Shows an API error's localized message; role=alert announces it. */
export function ErrorAlert({ error }: { error: ApiError | Error | undefined | null }) {
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={error.message}
      data-testid="error-alert"
      className="tb-block"
    />
  );
}
