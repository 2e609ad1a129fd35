-- Officials created by an administrator enrol their authenticator and choose their own password at first login;
-- until then they cannot log in. Officials created before this migration (the demo world) are enrolled.
ALTER TABLE official ADD COLUMN totp_enrolled BOOLEAN DEFAULT TRUE NOT NULL;
-- Times are shown to each official in their own zone.
ALTER TABLE official ADD COLUMN time_zone VARCHAR(64) DEFAULT 'Asia/Tokyo' NOT NULL;
-- The requester states until when the destination may use the data: part of the signed manifest.
ALTER TABLE batch ADD COLUMN use_until TIMESTAMP WITH TIME ZONE;
