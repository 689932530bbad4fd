// The bundle (一件事) API as the web uses it: the types the contracts define, and the loads each page needs.
import type { BundleCaseView, BundleDetail, BundleFormField, Prefill } from '@tongban/contracts';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/useApi.ts';

export type {
  BundleCaseStatus,
  BundleCaseSummary,
  BundleCaseView,
  BundleChild,
  BundleDetail,
  BundleNextStep,
  BundleSummary,
} from '@tongban/contracts';

/** The combined form of the chosen items (`GET /bundles/:code/form?items=`). */
export interface BundleForm {
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  fields: BundleFormField[];
  items: { code: string; nameZh: string; nameEn: string; version: number }[];
  prefill: Prefill | null;
}

export const casePath = (id: string) => `/bundle-cases/${encodeURIComponent(id)}`;

/** The bundle steps: choose items → one form → materials → check answers → submitted. */
export const BUNDLE_STEPS = [
  'bundles.stepChoose',
  'apply.stepForm',
  'apply.stepMaterials',
  'apply.stepCheck',
  'apply.stepDone',
];

export function useBundleCase(id: string) {
  return useApi<BundleCaseView>(casePath(id));
}

export function formQuery(c: Pick<BundleCaseView, 'items'>): string {
  return `items=${encodeURIComponent(c.items.map((i) => i.code).join(','))}`;
}

/** The bundle case and the combined form of its chosen items. */
export function useBundleCaseWithForm(id: string) {
  const bundleCase = useBundleCase(id);
  const c = bundleCase.data;
  const form = useApi<BundleForm>(
    c ? `/bundles/${encodeURIComponent(c.bundle.code)}/form?${formQuery(c)}` : null,
  );
  return { bundleCase, form };
}

export function useBundle(code: string | null) {
  return useApi<BundleDetail>(code ? `/bundles/${encodeURIComponent(code)}` : null);
}

export function saveDraft(id: string, body: { items?: string[]; formData?: Record<string, unknown> }) {
  return api<BundleCaseView>(`${casePath(id)}/draft`, { method: 'PUT', body });
}

/** The chosen items' names of a set of item codes, in the current language (`text` of useLocal). */
export function itemNames(
  c: Pick<BundleCaseView, 'items'>,
  codes: string[],
  text: (o: object) => string,
): string {
  return codes.map((code) => text(c.items.find((i) => i.code === code) ?? { name: code })).join('、');
}
