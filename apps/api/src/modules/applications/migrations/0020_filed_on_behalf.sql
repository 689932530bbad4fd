-- Assisted filing (代办): a case filed for its applicant by someone else — a family proxy or a window
-- officer — under the applicant's recorded authorization (identity module). The applicant stays the
-- owner (applicant_id); the filer is kept beside them, with what they act under, for views and checks.
ALTER TABLE applications_applications
  ADD COLUMN filed_by_account_id uuid,
  -- {accountId, name, authorization: family|window|counter, authorizationId, relation, departmentId,
  --  departmentNameZh, departmentNameEn}, as it was when the draft was started.
  ADD COLUMN filed_by            jsonb,
  ADD CONSTRAINT applications_filed_by_both CHECK ((filed_by_account_id IS NULL) = (filed_by IS NULL)),
  ADD CONSTRAINT applications_filed_by_other CHECK (filed_by_account_id IS DISTINCT FROM applicant_id);
-- "Cases I filed for others", newest first.
CREATE INDEX applications_by_filer ON applications_applications (filed_by_account_id, id DESC)
  WHERE filed_by_account_id IS NOT NULL;
