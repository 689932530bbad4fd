-- Workflow engine state: versioned definitions, instances, tokens, tasks, and the holiday calendar.
-- Everything the engine knows lives here, so any process can pick up any instance after a restart.

CREATE TABLE workflow_definitions (
  id            uuid        PRIMARY KEY,
  key           text        NOT NULL,
  version       integer     NOT NULL CHECK (version > 0),
  name          text        NOT NULL,
  bpmn_xml      text        NOT NULL,
  xml_sha256    text        NOT NULL,
  -- The graph parsed once at deploy time; instances never re-read the XML.
  graph         jsonb       NOT NULL,
  deployed_by   uuid,
  deployed_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key, version),
  UNIQUE (key, xml_sha256)
);

CREATE TABLE workflow_instances (
  id                   uuid        PRIMARY KEY,
  definition_id        uuid        NOT NULL REFERENCES workflow_definitions (id),
  process_key          text        NOT NULL,
  business_key         text        NOT NULL,
  region_code          text        NOT NULL,
  owner_department_id  uuid        NOT NULL,
  variables            jsonb       NOT NULL,
  -- Departments the process names, resolved once at start: { "<ref>": {id, code, nameZh, nameEn} }.
  departments          jsonb       NOT NULL,
  -- Inbox title data: { caseNumber, itemNameZh, itemNameEn, applicantName (masked) }.
  title                jsonb       NOT NULL,
  status               text        NOT NULL CHECK (status IN ('running', 'completed', 'terminated', 'waiting_applicant')),
  outcome              text        CHECK (outcome IN ('approved', 'rejected')),
  started_at           timestamptz NOT NULL,
  due_at               timestamptz NOT NULL,
  ended_at             timestamptz
);
CREATE INDEX workflow_instances_business_key ON workflow_instances (business_key);

CREATE TABLE workflow_tokens (
  id           uuid        PRIMARY KEY,
  instance_id  uuid        NOT NULL REFERENCES workflow_instances (id),
  node_id      text        NOT NULL,
  -- active: at a user task; waiting: arrived at a parallel join; returned: its task went back to the applicant.
  status       text        NOT NULL CHECK (status IN ('active', 'waiting', 'returned', 'done', 'cancelled')),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_tokens_live ON workflow_tokens (instance_id, node_id) WHERE status IN ('active', 'waiting', 'returned');

CREATE TABLE workflow_tasks (
  id                   uuid        PRIMARY KEY,
  instance_id          uuid        NOT NULL REFERENCES workflow_instances (id),
  token_id             uuid        NOT NULL REFERENCES workflow_tokens (id),
  business_key         text        NOT NULL,
  region_code          text        NOT NULL,
  node_id              text        NOT NULL,
  name_zh              text        NOT NULL,
  name_en              text        NOT NULL,
  stage                text,
  department_id        uuid        NOT NULL,
  department_code      text        NOT NULL,
  department_name_zh   text        NOT NULL,
  department_name_en   text        NOT NULL,
  role                 text        NOT NULL,
  case_number          text        NOT NULL,
  item_name_zh         text        NOT NULL,
  item_name_en         text        NOT NULL,
  applicant_name       text        NOT NULL,
  status               text        NOT NULL CHECK (status IN ('open', 'claimed', 'completed', 'returned', 'cancelled')),
  assignee_id          uuid,
  assignee_name        text,
  outcome              text        CHECK (outcome IN ('approve', 'reject', 'return')),
  note                 text,
  completed_by         uuid,
  created_at           timestamptz NOT NULL,
  claimed_at           timestamptz,
  completed_at         timestamptz,
  due_at               timestamptz NOT NULL
);
CREATE INDEX workflow_tasks_inbox ON workflow_tasks (department_id, role, due_at, id) WHERE status IN ('open', 'claimed');
CREATE INDEX workflow_tasks_mine ON workflow_tasks (assignee_id, due_at, id) WHERE status = 'claimed';
CREATE INDEX workflow_tasks_done ON workflow_tasks (completed_by, completed_at DESC, id DESC) WHERE completed_by IS NOT NULL;
CREATE INDEX workflow_tasks_instance ON workflow_tasks (instance_id, created_at);

-- Per region: holidays and make-up working days; weekends are non-working unless marked 'workday'.
CREATE TABLE workflow_calendar_days (
  region_code  text NOT NULL,
  day          date NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name_zh      text,
  name_en      text,
  PRIMARY KEY (region_code, day)
);
