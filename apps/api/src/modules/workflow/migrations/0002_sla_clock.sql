-- The SLA clock: the statutory limit beside the promised one, pauses (waiting on the applicant,
-- statutory periods), deadline extensions approved by the department head, and escalations.

-- `due_at` stays the promised limit (承诺时限, what the lights use); `statutory_due_at` is the legal one.
ALTER TABLE workflow_instances ADD COLUMN statutory_due_at timestamptz;
UPDATE workflow_instances SET statutory_due_at = due_at;
ALTER TABLE workflow_instances ALTER COLUMN statutory_due_at SET NOT NULL;
-- Working days the department head may add in total (extensions), fixed when the case starts.
ALTER TABLE workflow_instances ADD COLUMN extension_allowance_days integer NOT NULL DEFAULT 0
  CHECK (extension_allowance_days >= 0);
-- Set while the clock is stopped (the open row of workflow_pauses says why).
ALTER TABLE workflow_instances ADD COLUMN paused_at timestamptz;

-- Copied from the instance onto its open tasks, so the inbox and the escalation job read one table.
ALTER TABLE workflow_tasks ADD COLUMN paused_at timestamptz;
-- When the task's light turns yellow (the last 20% of its span), kept in step with due_at.
ALTER TABLE workflow_tasks ADD COLUMN yellow_at timestamptz;
UPDATE workflow_tasks SET yellow_at = due_at - (due_at - created_at) * 0.2;
ALTER TABLE workflow_tasks ALTER COLUMN yellow_at SET NOT NULL;
-- The highest escalation level applied to the task (each level once).
ALTER TABLE workflow_tasks ADD COLUMN escalation_level text CHECK (escalation_level IN ('yellow', 'red'));
-- Both levels are due only after yellow_at: one index serves the escalation job.
CREATE INDEX workflow_tasks_escalation ON workflow_tasks (yellow_at)
  WHERE status IN ('open', 'claimed') AND escalation_level IS DISTINCT FROM 'red' AND paused_at IS NULL;

CREATE TABLE workflow_pauses (
  id                 uuid        PRIMARY KEY,
  instance_id        uuid        NOT NULL REFERENCES workflow_instances (id),
  -- supplement: returned to the applicant (补正); the others are statutory periods not counted in the limit.
  kind               text        NOT NULL CHECK (kind IN ('supplement', 'public_notice', 'expert_review', 'hearing', 'on_site_inspection')),
  reason             text,
  planned_days       integer     CHECK (planned_days > 0),
  planned_until      date,
  task_id            uuid        REFERENCES workflow_tasks (id),
  department_id      uuid,
  department_name_zh text,
  department_name_en text,
  started_at         timestamptz NOT NULL,
  started_by         uuid,
  started_by_name    text,
  ended_at           timestamptz,
  ended_by           uuid,
  ended_by_name      text,
  -- Working days the due dates moved forward when the clock resumed.
  paused_working_days integer   CHECK (paused_working_days >= 0)
);
-- One stopped clock per case: a second pause fails on this index even when two requests race.
CREATE UNIQUE INDEX workflow_pauses_open ON workflow_pauses (instance_id) WHERE ended_at IS NULL;
CREATE INDEX workflow_pauses_instance ON workflow_pauses (instance_id, started_at);

CREATE TABLE workflow_extensions (
  id                  uuid        PRIMARY KEY,
  instance_id         uuid        NOT NULL REFERENCES workflow_instances (id),
  task_id             uuid        NOT NULL REFERENCES workflow_tasks (id),
  -- The owning department of the case: its dept_head decides.
  department_id       uuid        NOT NULL,
  days                integer     NOT NULL CHECK (days > 0),
  reason              text        NOT NULL,
  status              text        NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
  requested_by        uuid        NOT NULL,
  requested_by_name   text        NOT NULL,
  requested_at        timestamptz NOT NULL,
  decided_by          uuid,
  decided_by_name     text,
  decided_at          timestamptz,
  decision_note       text
);
CREATE UNIQUE INDEX workflow_extensions_pending ON workflow_extensions (instance_id) WHERE status = 'pending';
CREATE INDEX workflow_extensions_queue ON workflow_extensions (department_id, requested_at, id) WHERE status = 'pending';
CREATE INDEX workflow_extensions_instance ON workflow_extensions (instance_id, requested_at);

CREATE TABLE workflow_escalations (
  id                 uuid        PRIMARY KEY,
  task_id            uuid        NOT NULL REFERENCES workflow_tasks (id),
  instance_id        uuid        NOT NULL REFERENCES workflow_instances (id),
  level              text        NOT NULL CHECK (level IN ('yellow', 'red')),
  action             text        NOT NULL CHECK (action IN ('notify', 'reassign')),
  department_id      uuid        NOT NULL,
  department_name_zh text        NOT NULL,
  department_name_en text        NOT NULL,
  -- The role notified or given the task; from_* is who held it before a reassignment.
  role               text        NOT NULL,
  from_role          text        NOT NULL,
  from_assignee_name text,
  step_name_zh       text        NOT NULL,
  step_name_en       text        NOT NULL,
  at                 timestamptz NOT NULL,
  UNIQUE (task_id, level)
);
CREATE INDEX workflow_escalations_instance ON workflow_escalations (instance_id, at);
