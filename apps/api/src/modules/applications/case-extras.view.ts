// How a case shows its 容缺受理 deferral (applicant and officer) and its 补正 rounds (officer).
import type { DeferralView, SupplementRound } from '@tongban/contracts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import type { ServiceItem } from '../catalogue/index.ts';
import { getDepartment } from '../org/index.ts';
import { type FieldSensitivity, maskAt } from './applications.policy.ts';
import type { ApplicationRow, MaterialRow } from './applications.repository.ts';
import { sha256Hex } from './case-tasks.ts';
import { CASE_ENDED, latestDeferral } from './deferral.repository.ts';
import { openForm } from './form-seal.ts';
import { listRounds } from './supplement.repository.ts';

const iso = (v: Date | null) => (v ? v.toISOString() : null);

/** The case's latest deferral, or null; one that a withdrawal or rejection overtook shows `closed`. */
export async function deferralOf(
  db: Db,
  row: ApplicationRow,
  item: ServiceItem | undefined,
  materials: MaterialRow[],
): Promise<DeferralView | null> {
  const d = await latestDeferral(db, row.id);
  if (!d) return null;
  const provided = new Set(materials.map((m) => m.material_code));
  const open = d.state === 'owed' || d.state === 'suspended';
  return {
    state: open && CASE_ENDED.has(row.status) ? 'closed' : d.state,
    materials: d.materials.map((code) => {
      const m = item?.materials.find((x) => x.code === code);
      return { code, nameZh: m?.nameZh ?? code, nameEn: m?.nameEn ?? code, supplied: provided.has(code) };
    }),
    note: d.note,
    acceptedAt: d.accepted_at.toISOString(),
    acceptedByName: d.accepted_by_name,
    deadline: d.deadline_at.toISOString(),
    onExpired: d.on_expired,
    remindedAt: iso(d.reminded_at),
    expiredAt: iso(d.expired_at),
    suppliedAt: iso(d.supplied_at),
    commitment: {
      texts: [
        { locale: 'zh-CN', text: d.commitment_zh, sha256: sha256Hex(d.commitment_zh) },
        { locale: 'en', text: d.commitment_en, sha256: sha256Hex(d.commitment_en) },
      ],
      signed:
        d.signed_at && d.signed_locale && d.signed_sha256
          ? { at: d.signed_at.toISOString(), locale: d.signed_locale, sha256: d.signed_sha256 }
          : null,
    },
  };
}

/**
 * Every supplement round of the case for an officer, oldest first, each with its diff once
 * resubmitted. For a viewer whose role does not need identifiers, changed values are masked as the
 * form is (`fields` given); file names and hashes are not personal data.
 */
export async function supplementRoundsOf(
  db: Db,
  config: Config,
  caseId: string,
  mask: FieldSensitivity[] | null,
): Promise<SupplementRound[]> {
  const rounds = await listRounds(db, caseId);
  const departments = new Map<string, Awaited<ReturnType<typeof getDepartment>>>();
  for (const id of new Set(rounds.map((r) => r.department_id)))
    departments.set(id, await getDepartment(db, id));
  return rounds.map((r) => {
    const dept = departments.get(r.department_id);
    const diff = r.diff_enc
      ? (openForm(config, r.diff_enc) as unknown as NonNullable<SupplementRound['diff']>)
      : null;
    return {
      round: r.round,
      state: r.state,
      requestedAt: r.requested_at.toISOString(),
      requestedByName: r.requested_by_name,
      departmentNameZh: dept?.nameZh ?? null,
      departmentNameEn: dept?.nameEn ?? null,
      note: r.note,
      fields: r.fields,
      materials: r.materials,
      resubmittedAt: iso(r.resubmitted_at),
      withdrawnAt: iso(r.withdrawn_at),
      withdrawnByName: r.withdrawn_by_name,
      diff:
        diff && mask
          ? {
              ...diff,
              fields: diff.fields.map((f) => ({
                ...f,
                before: maskAt(f.pointer, f.before, mask),
                after: maskAt(f.pointer, f.after, mask),
              })),
            }
          : diff,
    };
  });
}
