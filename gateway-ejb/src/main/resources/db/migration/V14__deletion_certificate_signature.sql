-- The gateway signs each deletion certificate (CMS, detached, its signing key), so that the statement "these bytes
-- were deleted" can be checked outside the gateway like a released manifest. Certificates issued before this
-- migration stay unsigned.
ALTER TABLE deletion_certificate ADD COLUMN signature VARCHAR(20000);
