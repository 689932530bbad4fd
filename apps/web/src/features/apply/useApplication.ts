import type { Application, ServiceForm } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';

/** The service code or id an application belongs to, for the catalogue and forms endpoints. */
export function serviceRef(app: Pick<Application, 'service'> | undefined): string | null {
  if (!app) return null;
  return app.service.code || app.service.id;
}

export function useApplication(id: string) {
  return useApi<Application>(`/applications/${encodeURIComponent(id)}`);
}

/** The application and its service's form (schema, labels, pre-fill). */
export function useApplicationWithForm(id: string) {
  const app = useApplication(id);
  const ref = serviceRef(app.data);
  const form = useApi<ServiceForm>(ref ? `/services/${encodeURIComponent(ref)}/form` : null);
  return { app, form, serviceCode: ref };
}

export function isEmpty(o: Record<string, unknown> | null | undefined): boolean {
  return !o || Object.keys(o).length === 0;
}
