-- org: the region hierarchy (province → city → district), departments, and the roles staff hold in them.

CREATE TABLE org_regions (
  code         text PRIMARY KEY CHECK (code ~ '^\d{6}$'),
  name_zh      text NOT NULL,
  name_en      text NOT NULL,
  parent_code  text REFERENCES org_regions (code),
  level        text NOT NULL CHECK (level IN ('province', 'city', 'district')),
  CHECK ((level = 'province') = (parent_code IS NULL))
);
CREATE INDEX org_regions_parent ON org_regions (parent_code, code);

CREATE TABLE org_departments (
  id           uuid PRIMARY KEY,
  code         text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{2,32}$'),
  name_zh      text NOT NULL,
  name_en      text NOT NULL,
  region_code  text NOT NULL REFERENCES org_regions (code),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX org_departments_region ON org_departments (region_code, code);

-- account_id belongs to the identity module: kept as an id, never joined (DESIGN.md rule 2).
CREATE TABLE org_staff_roles (
  account_id     uuid NOT NULL,
  department_id  uuid NOT NULL REFERENCES org_departments (id),
  role           text NOT NULL CHECK (role IN ('window', 'officer', 'dept_head', 'dept_admin', 'auditor')),
  region_code    text NOT NULL REFERENCES org_regions (code),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, department_id, role)
);
CREATE INDEX org_staff_roles_department ON org_staff_roles (department_id, role);
