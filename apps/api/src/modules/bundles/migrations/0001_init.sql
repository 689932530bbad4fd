-- Bundle cases (一件事一次办): one application for several items of a catalogue bundle, from the
-- draft (one form, one set of materials) to the outcome derived from the cases it fanned out to.
CREATE TABLE bundles_cases (
  id              uuid PRIMARY KEY,
  applicant_id    uuid NOT NULL,
  applicant_kind  text NOT NULL CHECK (applicant_kind IN ('citizen', 'enterprise')),
  applicant_name  text NOT NULL,
  -- The catalogue bundle, by id and code, with its names as they were when the application started.
  bundle_id       uuid NOT NULL,
  bundle_code     text NOT NULL,
  bundle_name_zh  text NOT NULL,
  bundle_name_en  text NOT NULL,
  -- The chosen item codes in the bundle's order (required ones always, optional ones as chosen).
  items           text[] NOT NULL,
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN
                    ('draft', 'in_progress', 'completed', 'partially_completed', 'rejected', 'withdrawn')),
  -- The combined form's answers, AES-256-GCM encrypted as one JSON document.
  form_data_enc   text NOT NULL,
  bundle_number   text UNIQUE,
  region_code     text,
  submitted_at    timestamptz,
  finished_at     timestamptz,
  withdrawn_at    timestamptz,
  withdraw_reason text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  -- A number is drawn on submission; only a draft has none (a draft may also be withdrawn unsubmitted).
  CHECK (status <> 'draft' OR bundle_number IS NULL),
  CHECK (status IN ('draft', 'withdrawn') OR bundle_number IS NOT NULL)
);
CREATE INDEX bundles_cases_by_applicant ON bundles_cases (applicant_id, id DESC);
CREATE INDEX bundles_cases_by_applicant_status ON bundles_cases (applicant_id, status, id DESC);

-- The case each chosen item became (applications module), and its status as last seen there.
CREATE TABLE bundles_children (
  bundle_case_id uuid    NOT NULL REFERENCES bundles_cases (id),
  item_code      text    NOT NULL,
  item_id        uuid    NOT NULL,
  case_id        uuid    NOT NULL UNIQUE,
  required       boolean NOT NULL,
  position       integer NOT NULL,
  status         text    NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (bundle_case_id, item_code)
);

-- Materials uploaded once for the bundle (files in the platform store by SHA-256); on submission
-- each is bound to every chosen item whose checklist names its code.
CREATE TABLE bundles_materials (
  id             uuid PRIMARY KEY,
  bundle_case_id uuid NOT NULL REFERENCES bundles_cases (id),
  material_code  text NOT NULL,
  file_name      text NOT NULL,
  sha256         char(64) NOT NULL,
  size_bytes     bigint NOT NULL,
  mime_type      text NOT NULL,
  uploaded_by    uuid NOT NULL,
  uploaded_at    timestamptz NOT NULL
);
CREATE INDEX bundles_materials_by_case ON bundles_materials (bundle_case_id, uploaded_at);

-- Bundle numbers: <region>-<year>-B<6 digits>, from one sequence per region and year (created by
-- the first submission of that region and year). nextval never waits and a rollback does not give
-- the number back, so a failed submission after drawing leaves a gap.
CREATE FUNCTION bundles_next_sequence(p_region text, p_year integer) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_name text;
BEGIN
  IF p_region !~ '^[0-9]{6}$' OR p_year NOT BETWEEN 2000 AND 9999 THEN
    RAISE EXCEPTION 'no bundle number sequence for region % and year %', p_region, p_year;
  END IF;
  v_name := format('bundles_seq_%s_%s', p_region, p_year);
  IF to_regclass(v_name) IS NULL THEN
    BEGIN
      EXECUTE format('CREATE SEQUENCE %I AS bigint MINVALUE 1 NO CYCLE', v_name);
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
      NULL;
    END;
  END IF;
  RETURN nextval(v_name::regclass);
END $$;
