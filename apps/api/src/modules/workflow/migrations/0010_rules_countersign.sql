-- Business-rule tasks (automated checks against a decision table), automatic approval with its
-- sampled post-approval review, and countersign steps (one task per signer).

-- Who made the final decision: 'rules' when a decision table approved the case without any officer.
ALTER TABLE workflow_instances ADD COLUMN decided_by text CHECK (decided_by IN ('rules', 'officer'));

-- A countersign step has one task per signer: its place among the signers and how many there are.
ALTER TABLE workflow_tasks ADD COLUMN signer_slot smallint CHECK (signer_slot >= 0);
ALTER TABLE workflow_tasks ADD COLUMN signer_count smallint CHECK (signer_count > 0);
ALTER TABLE workflow_tasks ADD CONSTRAINT workflow_tasks_signer_pair
  CHECK ((signer_slot IS NULL) = (signer_count IS NULL));

-- A post-approval review (stage 'review') is confirmed or flagged.
ALTER TABLE workflow_tasks DROP CONSTRAINT workflow_tasks_outcome_check;
ALTER TABLE workflow_tasks ADD CONSTRAINT workflow_tasks_outcome_check
  CHECK (outcome IN ('approve', 'reject', 'return', 'confirm', 'flag'));
-- The department head's list of flagged automatic approvals.
CREATE INDEX workflow_tasks_flagged ON workflow_tasks (department_id, completed_at DESC, id DESC)
  WHERE stage = 'review' AND outcome = 'flag';

-- Each business-rule task an instance passed: the table it called and the stored evaluation
-- (decisions module) that explains the outcome.
CREATE TABLE workflow_rule_steps (
  id             uuid        PRIMARY KEY,
  instance_id    uuid        NOT NULL REFERENCES workflow_instances (id),
  node_id        text        NOT NULL,
  name_zh        text        NOT NULL,
  name_en        text        NOT NULL,
  decision_key   text        NOT NULL,
  -- Null when the table could not be evaluated (then `error` says why and the case went to an officer).
  evaluation_id  uuid,
  error          text,
  -- The table's outputs as the process variables got them (e.g. {"decision": "approve"}).
  outputs        jsonb,
  matched_rules  text[]      NOT NULL,
  at             timestamptz NOT NULL
);
CREATE INDEX workflow_rule_steps_instance ON workflow_rule_steps (instance_id, at);
