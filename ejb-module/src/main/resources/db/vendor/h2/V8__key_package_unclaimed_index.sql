-- Claims (KeyPackageClaimStore) read the oldest unclaimed one-time KeyPackages of a device. H2 has no partial
-- index: this one leads with the same equality columns (claimed_at IS NULL is an index condition in H2) and then
-- the claim order, so candidates are read in order without a sort.
CREATE INDEX ix_key_package_unclaimed ON key_package (user_id, device_id, last_resort, claimed_at, uploaded_at, ref);
