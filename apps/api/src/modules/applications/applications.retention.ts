import { sql } from 'kysely';
import { deletedRows, type RetentionCategory } from '../../platform/retention.ts';

/**
 * What the applications module keeps for a limited time (platform/retention.ts runs these daily):
 * drafts nobody touched for half a year, and the personal data of closed cases once their archival
 * period is over. An anonymised case keeps its number, item, region, dates, status and decision;
 * its applicant, answers, notes and material list are gone, and `applicant_id` becomes the nil
 * UUID, which is also how a case is known to be anonymised already.
 */
const ANONYMISED = '00000000-0000-0000-0000-000000000000';

export const applicationsRetention: RetentionCategory[] = [
  {
    category: 'applications.drafts',
    describe: {
      zh: '放弃的草稿：半年未修改且未提交的申请（含已上传材料的记录）',
      en: 'Abandoned drafts: applications not submitted and not changed for six months (with their material records)',
    },
    period: 'P180D',
    async run(db, cutoff) {
      // Drafts of a bundle belong to the bundle's own draft and go with it.
      const stale = sql`SELECT id FROM applications_applications
        WHERE status = 'draft' AND bundle_id IS NULL AND updated_at < ${cutoff}`;
      await sql`DELETE FROM applications_materials WHERE application_id IN (${stale})`.execute(db);
      await sql`DELETE FROM applications_history WHERE application_id IN (${stale})`.execute(db);
      return deletedRows(
        await sql`DELETE FROM applications_applications
          WHERE status = 'draft' AND bundle_id IS NULL AND updated_at < ${cutoff}`.execute(db),
      );
    },
  },
  {
    category: 'applications.closedCases',
    describe: {
      zh: '已办结办件的个人信息：归档期满后匿名化（保留办件编号、事项、日期和决定，删除姓名、证件号码和表单内容）',
      en: 'Personal data of closed cases: anonymised after the archival period (case number, item, dates and decision kept; names, ID numbers and answers removed)',
    },
    // 文书档案 of administrative licensing are commonly kept 30 years.
    period: 'P30Y',
    async run(db, cutoff, ctx) {
      const { rows } = await sql<{ id: string }>`
        SELECT id FROM applications_applications
        WHERE status IN ('approved', 'rejected', 'withdrawn', 'revoked') AND case_number IS NOT NULL
          AND applicant_id <> ${ANONYMISED}::uuid
          AND coalesce(decided_at, withdrawn_at, updated_at) < ${cutoff}
        ORDER BY id FOR UPDATE`.execute(db);
      if (!rows.length) return { deleted: 0, anonymised: 0 };
      const ids = rows.map((r) => r.id);
      const empty = ctx.fields.encrypt('{}');
      await sql`UPDATE applications_applications SET
          applicant_id = ${ANONYMISED}::uuid, applicant_name = '', form_data_enc = ${empty},
          withdraw_reason = NULL, supplement = NULL, filed_by_account_id = NULL, filed_by = NULL
        WHERE id = ANY(${ids}::uuid[])`.execute(db);
      await sql`UPDATE applications_history SET actor_name = NULL, note = NULL
        WHERE application_id = ANY(${ids}::uuid[])`.execute(db);
      await sql`UPDATE applications_supplement_rounds SET form_before_enc = ${empty},
          diff_enc = CASE WHEN diff_enc IS NULL THEN NULL ELSE ${empty} END,
          note = '', withdraw_reason = NULL, materials_before = '[]'
        WHERE application_id = ANY(${ids}::uuid[])`.execute(db);
      // Officers' names stay (they acted for their department); their notes may describe the applicant.
      await sql`UPDATE applications_deferrals SET note = NULL, signed_session_id = NULL
        WHERE application_id = ANY(${ids}::uuid[])`.execute(db);
      // The files' names and the scans themselves are the applicant's: the material records go.
      await sql`DELETE FROM applications_materials WHERE application_id = ANY(${ids}::uuid[])`.execute(db);
      // The workflow's copy of the answers and the stored decision traces go the same way.
      await ctx.outbox.enqueue(db, 'application.anonymised', { caseIds: ids });
      return { deleted: 0, anonymised: ids.length };
    },
  },
];
