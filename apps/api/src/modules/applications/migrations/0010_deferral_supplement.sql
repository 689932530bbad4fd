-- 容缺受理 (accepted with non-critical materials owed) and 补正 rounds (returns naming what must change).

-- suspended: the owed materials were not supplied in time and the item's action is to suspend —
-- processing (or the decision already made) waits for them. revoked: the item's action is to revoke
-- the acceptance, or the decision already made. Both only follow an expired deferral.
ALTER TABLE applications_applications DROP CONSTRAINT applications_applications_status_check;
ALTER TABLE applications_applications ADD CONSTRAINT applications_applications_status_check CHECK (status IN
  ('draft', 'submitted', 'accepted', 'in_review', 'returned', 'approved', 'rejected', 'withdrawn', 'suspended', 'revoked'));

ALTER TABLE applications_history DROP CONSTRAINT applications_history_kind_check;
ALTER TABLE applications_history ADD CONSTRAINT applications_history_kind_check CHECK (kind IN
  ('created', 'submitted', 'resubmitted', 'withdrawn', 'deferred', 'commitment_signed', 'deferral_reminded',
   'materials_supplied', 'suspended', 'resumed', 'revoked', 'return_withdrawn'));

CREATE TABLE applications_deferrals (
  id                uuid PRIMARY KEY,
  application_id    uuid        NOT NULL REFERENCES applications_applications (id),
  -- Checklist codes accepted as missing; each is supplied when a file for it is bound to the case.
  materials         text[]      NOT NULL CHECK (cardinality(materials) BETWEEN 1 AND 30),
  note              text,
  department_id     uuid        NOT NULL,
  accepted_by       uuid        NOT NULL,
  accepted_by_name  text        NOT NULL,
  accepted_at       timestamptz NOT NULL,
  -- Acceptance + the item's deferral days, in working days of the case's region.
  deadline_at       timestamptz NOT NULL,
  -- The reminder goes out once, a configured number of working days before the deadline.
  remind_at         timestamptz NOT NULL,
  reminded_at       timestamptz,
  on_expired        text        NOT NULL CHECK (on_expired IN ('suspend', 'revoke')),
  state             text        NOT NULL CHECK (state IN ('owed', 'supplied', 'suspended', 'revoked', 'closed')),
  expired_at        timestamptz,
  supplied_at       timestamptz,
  closed_at         timestamptz,
  -- While suspended: the status the case returns to once supplied (the workflow may move it meanwhile).
  resume_status     text,
  -- The commitment (承诺书), filled in at acceptance in both languages and never changed afterwards.
  commitment_zh     text        NOT NULL,
  commitment_en     text        NOT NULL,
  -- The signature: which text (language and SHA-256), when, by whom, in which session.
  signed_locale     text        CHECK (signed_locale IN ('zh-CN', 'en')),
  signed_sha256     char(64),
  signed_at         timestamptz,
  signed_by         uuid,
  signed_session_id uuid,
  CHECK (num_nulls(signed_locale, signed_sha256, signed_at, signed_by) IN (0, 4)),
  CHECK ((state = 'suspended') = (resume_status IS NOT NULL))
);
-- One open deferral per case (a second acceptance with materials owed fails here even when racing).
CREATE UNIQUE INDEX applications_deferrals_open ON applications_deferrals (application_id)
  WHERE state IN ('owed', 'suspended');
CREATE INDEX applications_deferrals_by_application ON applications_deferrals (application_id, accepted_at);
-- What the deadline job scans: reminders not yet sent, and deadlines of materials still owed.
CREATE INDEX applications_deferrals_remind ON applications_deferrals (remind_at)
  WHERE state = 'owed' AND reminded_at IS NULL;
CREATE INDEX applications_deferrals_due ON applications_deferrals (deadline_at) WHERE state = 'owed';

-- Every return for supplement: what the officer named, the answers and files as they were, and —
-- once resubmitted — the diff the officer reviews. Answers and diff are AES-256-GCM encrypted like
-- the application's own answers.
CREATE TABLE applications_supplement_rounds (
  id                 uuid PRIMARY KEY,
  application_id     uuid        NOT NULL REFERENCES applications_applications (id),
  round              integer     NOT NULL CHECK (round > 0),
  task_id            uuid,
  task_role          text,
  department_id      uuid        NOT NULL,
  requested_by       uuid,
  requested_by_name  text,
  requested_at       timestamptz NOT NULL,
  note               text        NOT NULL,
  fields             text[]      NOT NULL,
  materials          text[]      NOT NULL,
  form_before_enc    text        NOT NULL,
  -- [{materialCode, fileName, sha256}] bound to the case when it was returned.
  materials_before   jsonb       NOT NULL,
  state              text        NOT NULL CHECK (state IN ('open', 'resubmitted', 'withdrawn')),
  resubmitted_at     timestamptz,
  diff_enc           text,
  withdrawn_at       timestamptz,
  withdrawn_by       uuid,
  withdrawn_by_name  text,
  withdraw_reason    text,
  UNIQUE (application_id, round),
  CHECK ((state = 'resubmitted') = (diff_enc IS NOT NULL))
);
CREATE UNIQUE INDEX applications_supplement_rounds_open ON applications_supplement_rounds (application_id)
  WHERE state = 'open';
