-- A batch keeps the recipient certificate it was sealed with, so that a new certificate on the channel applies to
-- new batches only and the recipient's receipt is checked against the key that could open the files.
ALTER TABLE batch ADD COLUMN recipient_certificate_pem VARCHAR(16384);
UPDATE batch SET recipient_certificate_pem =
    (SELECT c.recipient_certificate_pem FROM channel c WHERE c.id = batch.channel_id);
ALTER TABLE batch ALTER COLUMN recipient_certificate_pem SET NOT NULL;

-- The recipient's signed receipt, once verified: the CMS SignedData as uploaded (base64) and when it was accepted.
ALTER TABLE batch ADD COLUMN receipt_signature VARCHAR(100000);
ALTER TABLE batch ADD COLUMN receipt_recorded_at TIMESTAMP WITH TIME ZONE;
