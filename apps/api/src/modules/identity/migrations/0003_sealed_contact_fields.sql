-- E-mail, address and an enterprise's legal representative are personal data too: sealed with the
-- platform's field cipher like the identifiers (and rotated with them). New values go to the *_enc
-- columns; the identity module's start pass seals any value still in the plain columns and empties
-- them (resumable, in small batches), so an upgraded deployment keeps nothing plain after its first start.
ALTER TABLE identity_profiles
  ADD COLUMN email_enc          text,
  ADD COLUMN address_enc        text,
  ADD COLUMN legal_rep_name_enc text;
