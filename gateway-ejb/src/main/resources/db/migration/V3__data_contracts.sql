-- Minimum data: a channel's data contract (NULL: no restriction beyond the file-name rules), and the CSV columns
-- of each received file, which the manifest shows to approvers.
ALTER TABLE channel ADD COLUMN data_contract_json VARCHAR(16384);
ALTER TABLE batch_file ADD COLUMN csv_columns VARCHAR(16384);
