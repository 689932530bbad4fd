-- Life-event bundles (一件事一次办): several items, often of several departments, applied for with
-- one form and one submission. A bundle names its items in order, each required or optional.
CREATE TABLE catalogue_bundles (
  id          uuid PRIMARY KEY,
  code        text        NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
  name_zh     text        NOT NULL,
  name_en     text        NOT NULL,
  life_event  text        NOT NULL REFERENCES catalogue_life_events (code),
  -- Every item of a bundle is offered to this audience (checked when the bundle is saved).
  audience    text        NOT NULL CHECK (audience IN ('citizen', 'enterprise')),
  summary_zh  text        NOT NULL DEFAULT '',
  summary_en  text        NOT NULL DEFAULT '',
  guide_zh    text        NOT NULL DEFAULT '',
  guide_en    text        NOT NULL DEFAULT '',
  faq         jsonb       NOT NULL DEFAULT '[]',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalogue_bundles_life_event ON catalogue_bundles (life_event, code);
CREATE INDEX catalogue_bundles_audience ON catalogue_bundles (audience, code);

CREATE TABLE catalogue_bundle_items (
  bundle_id        uuid    NOT NULL REFERENCES catalogue_bundles (id) ON DELETE CASCADE,
  item_id          uuid    NOT NULL REFERENCES catalogue_items (id),
  position         integer NOT NULL,
  -- Required items are always applied for; optional ones the applicant may leave out.
  required         boolean NOT NULL,
  -- Documents this item issues (e.g. the business licence): the bundle's other items do not ask
  -- the applicant for them when this item is chosen, the department shares them once issued.
  issues_materials text[]  NOT NULL DEFAULT '{}',
  PRIMARY KEY (bundle_id, item_id),
  UNIQUE (bundle_id, position)
);
CREATE INDEX catalogue_bundle_items_item ON catalogue_bundle_items (item_id);
