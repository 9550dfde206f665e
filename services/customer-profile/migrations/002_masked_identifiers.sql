-- customer-profile schema, version 2: the masked form of every personal identifier, stored beside
-- its ciphertext so masked reads need no decryption.
--
-- <name>_masked holds what MaskPersonalData (domain/privacy_policy.h) shows for the clear value,
-- written with the ciphertext on every insert and update; NULL when the value is empty, and in
-- rows written before this migration, whose masked reads decrypt and mask instead. The masked
-- form never holds more of the value than the masking rules reveal (at most the first 3 and last
-- 4 characters of an ID number, the domain of an e-mail address).
-- Plain ADD COLUMN (no IF NOT EXISTS, which MySQL 8 lacks): the migration runner records the
-- file once applied, so it never runs twice.

ALTER TABLE customers
  ADD COLUMN legal_representative_id_number_masked VARCHAR(400) NULL
    AFTER legal_representative_id_number_bidx,
  ADD COLUMN contact_phone_masked VARCHAR(400) NULL AFTER contact_phone_bidx,
  ADD COLUMN settlement_account_number_masked VARCHAR(400) NULL
    AFTER settlement_account_number_bidx;

ALTER TABLE customer_history
  ADD COLUMN legal_representative_id_number_masked VARCHAR(400) NULL
    AFTER legal_representative_id_number_bidx,
  ADD COLUMN contact_phone_masked VARCHAR(400) NULL AFTER contact_phone_bidx,
  ADD COLUMN settlement_account_number_masked VARCHAR(400) NULL
    AFTER settlement_account_number_bidx;

ALTER TABLE contacts
  ADD COLUMN id_number_masked VARCHAR(400) NULL AFTER id_number_bidx,
  ADD COLUMN phone_masked VARCHAR(400) NULL AFTER phone_bidx,
  ADD COLUMN email_masked VARCHAR(400) NULL AFTER email_bidx;
