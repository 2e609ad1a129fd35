-- A batch remembers the destination it was opened for, so that its record stays true after the channel's
-- destination changes; a channel change may name a new destination account.
ALTER TABLE batch ADD COLUMN destination_account_id BIGINT;
UPDATE batch SET destination_account_id = (SELECT c.destination_account_id FROM channel c WHERE c.id = batch.channel_id);
ALTER TABLE batch ADD CONSTRAINT batch_destination_fk FOREIGN KEY (destination_account_id) REFERENCES system_account (id);
ALTER TABLE channel_change ADD COLUMN proposed_account_id BIGINT;
ALTER TABLE channel_change ADD CONSTRAINT channel_change_account_fk FOREIGN KEY (proposed_account_id)
    REFERENCES system_account (id);
