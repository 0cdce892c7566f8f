-- The KeyPackage directory (see KeyPackageStore). One row per uploaded KeyPackage, keyed by its KeyPackageRef
-- (hex). One-time KeyPackages are claimed by setting claimed_at (exactly once: a conditional UPDATE ... WHERE
-- claimed_at IS NULL); claimed rows stay until they expire so that a re-upload cannot hand one out twice.
-- A last-resort KeyPackage (at most one per device) is never claimed.
CREATE TABLE key_package (
    ref VARCHAR(64) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    device_id VARCHAR(128) NOT NULL,
    last_resort BOOLEAN NOT NULL,
    message VARCHAR(100000) NOT NULL,
    not_after TIMESTAMP WITH TIME ZONE NOT NULL,
    uploaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_key_package PRIMARY KEY (ref)
);
CREATE INDEX ix_key_package_device ON key_package (user_id, device_id, last_resort, claimed_at);
CREATE INDEX ix_key_package_not_after ON key_package (not_after);
