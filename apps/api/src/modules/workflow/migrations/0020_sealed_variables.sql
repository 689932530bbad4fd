-- The instance variables hold the applicant's answers (by dictionary key and by form section): they are
-- stored sealed by the platform's field cipher in variables_enc, and `variables` keeps '{}' for new
-- rows. Rows from before this migration are sealed by the module's start-up sweep (workflow.seal.ts).
ALTER TABLE workflow_instances ADD COLUMN variables_enc text;
CREATE INDEX workflow_instances_unsealed ON workflow_instances (id)
  WHERE variables_enc IS NULL AND variables <> '{}'::jsonb;
