-- Whose personal data the instance's variables are (the applicant): what the decisions module files
-- a business-rule evaluation under, so an officer's later read of it shows in that person's
-- "who used my data". Null for instances started before this column and for processes without one.
ALTER TABLE workflow_instances ADD COLUMN data_subject_id uuid;
