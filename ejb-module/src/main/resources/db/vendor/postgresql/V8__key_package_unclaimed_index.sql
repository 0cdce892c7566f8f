-- Claims (KeyPackageClaimStore) take the oldest unclaimed one-time KeyPackage of a device with
-- SELECT ... FOR UPDATE SKIP LOCKED. A partial index holds exactly those rows, in that order, so the claim reads
-- one index entry past the ones being claimed right now, however many claimed rows wait for their expiry.
CREATE INDEX ix_key_package_unclaimed ON key_package (user_id, device_id, uploaded_at, ref)
    WHERE claimed_at IS NULL AND NOT last_resort;
