-- 容缺受理 policy per item: how many working days an applicant has, after a case is accepted without
-- some non-critical materials, to supply them; what happens when they do not (suspend the case or
-- its decision until they do, or revoke it); and the commitment (承诺书) the applicant signs. The
-- commitment is a template: {applicant}, {item}, {caseNumber}, {materials} and {deadline} are
-- filled in when a case is accepted. An item without a policy (all four NULL) offers no deferral.
ALTER TABLE catalogue_items
  ADD COLUMN deferral_days          integer CHECK (deferral_days BETWEEN 1 AND 60),
  ADD COLUMN deferral_on_expired    text    CHECK (deferral_on_expired IN ('suspend', 'revoke')),
  ADD COLUMN deferral_commitment_zh text    CHECK (length(deferral_commitment_zh) BETWEEN 1 AND 2000),
  ADD COLUMN deferral_commitment_en text    CHECK (length(deferral_commitment_en) BETWEEN 1 AND 4000),
  ADD CONSTRAINT catalogue_items_deferral_whole CHECK (
    num_nulls(deferral_days, deferral_on_expired, deferral_commitment_zh, deferral_commitment_en) IN (0, 4)
  );
