-- Applications (drafts and cases), their materials, their own history, case numbers.
CREATE TABLE applications_applications (
  id              uuid PRIMARY KEY,
  applicant_id    uuid NOT NULL,
  applicant_kind  text NOT NULL CHECK (applicant_kind IN ('citizen', 'enterprise')),
  applicant_name  text NOT NULL,
  item_id         uuid NOT NULL,
  item_code       text NOT NULL,
  -- Names as they were when the application was made: the applicant's record does not change
  -- when the catalogue is edited later.
  item_name_zh    text NOT NULL,
  item_name_en    text NOT NULL,
  region_code     text NOT NULL,
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN
                    ('draft', 'submitted', 'accepted', 'in_review', 'returned', 'approved', 'rejected', 'withdrawn')),
  -- The answers, AES-256-GCM encrypted as one JSON document (they hold ID numbers and phones).
  form_data_enc   text NOT NULL,
  case_number     text UNIQUE,
  instance_id     uuid,
  due_at          timestamptz,
  accepted_at     timestamptz,
  submitted_at    timestamptz,
  decided_at      timestamptz,
  withdrawn_at    timestamptz,
  withdraw_reason text,
  supplement      jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'draft') = (case_number IS NULL) OR status = 'withdrawn')
);
CREATE INDEX applications_by_applicant ON applications_applications (applicant_id, id DESC);
CREATE INDEX applications_by_applicant_status ON applications_applications (applicant_id, status, id DESC);
CREATE INDEX applications_by_instance ON applications_applications (instance_id);

CREATE TABLE applications_materials (
  id             uuid PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES applications_applications (id),
  material_code  text NOT NULL,
  file_name      text NOT NULL,
  sha256         char(64) NOT NULL,
  size_bytes     bigint NOT NULL,
  mime_type      text NOT NULL,
  uploaded_by    uuid NOT NULL,
  uploaded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applications_materials_by_application ON applications_materials (application_id, uploaded_at);

-- The applicant's own steps, for the timeline (workflow steps come from the workflow module).
CREATE TABLE applications_history (
  id             uuid PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES applications_applications (id),
  kind           text NOT NULL CHECK (kind IN ('created', 'submitted', 'resubmitted', 'withdrawn')),
  at             timestamptz NOT NULL,
  actor_id       uuid,
  actor_name     text,
  note           text
);
CREATE INDEX applications_history_by_application ON applications_history (application_id, at);

-- One row per region and year; the row lock taken by the increment orders concurrent submissions.
CREATE TABLE applications_case_counters (
  region_code text NOT NULL,
  year        integer NOT NULL,
  last_value  integer NOT NULL,
  PRIMARY KEY (region_code, year)
);

-- Outbox deliveries already applied: the outbox delivers at least once, status moves exactly once.
CREATE TABLE applications_handled_events (
  event_id   text PRIMARY KEY,
  handled_at timestamptz NOT NULL DEFAULT now()
);
