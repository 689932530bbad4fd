-- A case filed as part of a 一件事 bundle (bundles module) keeps the bundle's id and number, so the
-- officer processing it sees which bundle it belongs to without asking the bundles module.
ALTER TABLE applications_applications
  ADD COLUMN bundle_id     uuid,
  ADD COLUMN bundle_number text;
CREATE INDEX applications_by_bundle ON applications_applications (bundle_id) WHERE bundle_id IS NOT NULL;
