import type { Named } from '../../api/types.ts';

export interface CategoryLink extends Named {
  key: string;
  to: string;
}
export interface CategoryGroups {
  lifeEvents: CategoryLink[];
  departments: CategoryLink[];
  audiences: CategoryLink[];
}

type Raw = Record<string, unknown>;

function list(raw: unknown): Raw[] {
  if (Array.isArray(raw)) return raw as Raw[];
  if (raw && typeof raw === 'object' && Array.isArray((raw as Raw).items)) return (raw as Raw).items as Raw[];
  return [];
}

function link(r: Raw, param: string): CategoryLink {
  const code = String(r.code ?? r.key ?? r.id ?? '');
  return {
    key: code,
    nameZh: String(r.nameZh ?? r.name ?? code),
    nameEn: String(r.nameEn ?? r.name ?? code),
    to: `/services?${param}=${encodeURIComponent(code)}`,
  };
}

/** Reads `GET /service-categories` into three groups of links to the filtered services list. */
export function toCategoryGroups(raw: unknown): CategoryGroups {
  const r = (raw ?? {}) as Raw;
  return {
    lifeEvents: list(r.lifeEvents ?? r.life_events).map((x) => link(x, 'category')),
    departments: list(r.departments).map((x) => link(x, 'department')),
    audiences: (list(r.audiences).length
      ? list(r.audiences)
      : [{ code: 'citizen' }, { code: 'enterprise' }]
    ).map((x) => link(x, 'audience')),
  };
}
