-- 免证办: a checklist material satisfied by one of the applicant's e-licences (licences module) instead
-- of an uploaded file. The same material record is used, so checklist, 补正 and 容缺 see it as provided;
-- the file columns then describe the credential itself: file_name = the licence number, sha256 and
-- size_bytes = those of its vc+jwt, mime_type = 'application/vc+jwt'.
ALTER TABLE applications_materials
  ADD COLUMN licence_id          uuid,
  -- What was verified, as it was then: {number, typeCode, typeNameZh, typeNameEn, issuerDepartmentId,
  -- issuerNameZh, issuerNameEn, validUntil, kid}. The licence itself stays in the licences module.
  ADD COLUMN licence             jsonb,
  -- Last successful verification (at attach, then again in the submit transaction).
  ADD COLUMN licence_verified_at timestamptz,
  ADD CONSTRAINT applications_materials_licence_all
    CHECK (num_nulls(licence_id, licence, licence_verified_at) IN (0, 3));
-- One licence once per checklist entry of an application.
CREATE UNIQUE INDEX applications_materials_licence_once ON applications_materials (application_id, material_code, licence_id)
  WHERE licence_id IS NOT NULL;
