-- notifications: in-app messages to one account. The text is not stored: a template key and its params
-- are, and the message is rendered in the reader's language when read.

CREATE TABLE notifications_messages (
  id                    uuid PRIMARY KEY,
  -- identity's account id, kept as an id, never joined (DESIGN.md rule 2).
  recipient_account_id  uuid NOT NULL,
  kind                  text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{0,63}$'),
  template              text NOT NULL CHECK (length(template) BETWEEN 1 AND 100),
  params                jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
  -- A path inside the portal only: never an absolute or protocol-relative URL a message could lure to.
  link                  text CHECK (link ~ '^/([^/\\]|$)' AND length(link) <= 500),
  subject_type          text,
  subject_id            text,
  -- What makes two sends the same message for this recipient: a handler that runs again, or a caller
  -- that repeats itself, inserts nothing.
  dedupe_key            text NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 200),
  created_at            timestamptz NOT NULL DEFAULT now(),
  read_at               timestamptz,
  UNIQUE (recipient_account_id, dedupe_key),
  CHECK ((subject_type IS NULL) = (subject_id IS NULL))
);

-- The inbox, newest first (ids are UUIDv7, so id order is creation order), and its unread part for the
-- bell's count, which every signed-in page polls.
CREATE INDEX notifications_messages_inbox ON notifications_messages (recipient_account_id, id DESC);
CREATE INDEX notifications_messages_unread ON notifications_messages (recipient_account_id, id DESC)
  WHERE read_at IS NULL;
