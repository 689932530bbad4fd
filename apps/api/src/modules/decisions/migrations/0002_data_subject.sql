-- Whose personal data an evaluation read (the applicant of the case it decided): staff reads of the
-- stored trace are audited under that person, so they appear in their "who used my data".
ALTER TABLE decisions_evaluations ADD COLUMN data_subject_id uuid;
