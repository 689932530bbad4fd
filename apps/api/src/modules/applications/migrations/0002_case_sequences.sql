-- Case numbers come from one PostgreSQL sequence per region and year instead of a counter row
-- locked until the submission commits (which made every submission of a region wait for the
-- one before it). nextval never waits and is not undone by a rollback: a failed submission
-- after allocation leaves a gap, a submission that fails its checks allocates nothing.

-- The next number for a region and year; the first submission of a region-year creates its
-- sequence. Two first submissions at once: the second waits for the first to commit, finds the
-- sequence created (unique_violation on the catalog) and uses it; if the first rolled back, the
-- second creates it.
CREATE FUNCTION applications_next_case_sequence(p_region text, p_year integer) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_name text;
BEGIN
  -- Only digits make it into the sequence name (org_regions enforces 6-digit codes).
  IF p_region !~ '^[0-9]{6}$' OR p_year NOT BETWEEN 2000 AND 9999 THEN
    RAISE EXCEPTION 'no case number sequence for region % and year %', p_region, p_year;
  END IF;
  v_name := format('applications_case_seq_%s_%s', p_region, p_year);
  IF to_regclass(v_name) IS NULL THEN
    BEGIN
      EXECUTE format('CREATE SEQUENCE %I AS bigint MINVALUE 1 NO CYCLE', v_name);
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
      NULL;
    END;
  END IF;
  RETURN nextval(v_name::regclass);
END $$;

-- Numbers already given continue where their counter stopped.
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT region_code, year, last_value FROM applications_case_counters LOOP
    PERFORM applications_next_case_sequence(r.region_code, r.year);
    PERFORM setval(format('applications_case_seq_%s_%s', r.region_code, r.year)::regclass, r.last_value);
  END LOOP;
END $$;

DROP TABLE applications_case_counters;
