package dev.parley.gateway.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Claims KeyPackages: for each device of one user, one unclaimed, unexpired one-time KeyPackage (oldest first), else
 * the device's last-resort one. One call is one transaction on one connection, with plain JDBC statements that
 * the datasource's prepared-statement cache keeps prepared.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A one-time KeyPackage is handed out by exactly one claim: only a statement that changed its
 *       {@code claimed_at} from null returns it, and the transaction that did so is the one that answers.</li>
 *   <li>A last-resort KeyPackage is only read, never changed or deleted by a claim; it is handed out when the
 *       device has no unclaimed one-time KeyPackage that is free to take.</li>
 *   <li>Devices are claimed from in the order given (the caller sorts them), so two claims never wait for each
 *       other's locks in a cycle.</li>
 * </ul>
 *
 * <p>PostgreSQL: one {@code UPDATE ... WHERE ref = (SELECT ... LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING} per
 * device, served by the partial index {@code ix_key_package_unclaimed} (migration V8); concurrent claimers of one
 * device each take a different row and never wait for each other. H2 has no working equivalent
 * ({@code FOR UPDATE SKIP LOCKED} applies the {@code LIMIT} before skipping, so it finds nothing when the first row
 * is taken): it reads up to {@value #H2_CANDIDATES} candidates and takes the first it can with a conditional
 * {@code UPDATE ... WHERE ref = ? AND claimed_at IS NULL}, starting at a random one to spread concurrent claimers;
 * H2 re-checks the condition on the committed row after waiting for a lock, so a lost race updates nothing and the
 * next candidate is tried, for at most {@value #H2_ROUNDS} rounds of candidates.
 */
@ApplicationScoped
public class KeyPackageClaimStore {

    /** What one device yields to a claim. {@code remaining} is exact below the low-water mark given to the claim. */
    public record Claim(String deviceId, String ref, String message, boolean lastResort, long remaining) {
    }

    static final int H2_CANDIDATES = 16;
    static final int H2_ROUNDS = 64;

    private static final String AVAILABLE = "user_id = ? AND device_id = ? AND NOT last_resort AND claimed_at IS NULL"
            + " AND not_after > ?";

    private static final String CLAIM_POSTGRESQL = "UPDATE key_package"
            + " SET claimed_at = ?, claimed_by_user = ?, claimed_by_device = ? WHERE ref = ("
            + "SELECT ref FROM key_package WHERE " + AVAILABLE + " ORDER BY uploaded_at, ref LIMIT 1"
            + " FOR UPDATE SKIP LOCKED) RETURNING ref, message";

    private static final String CANDIDATES_H2 = "SELECT ref FROM key_package WHERE " + AVAILABLE
            + " ORDER BY uploaded_at, ref LIMIT " + H2_CANDIDATES;

    private static final String CLAIM_H2 = "SELECT message FROM FINAL TABLE (UPDATE key_package"
            + " SET claimed_at = ?, claimed_by_user = ?, claimed_by_device = ?"
            + " WHERE ref = ? AND NOT last_resort AND claimed_at IS NULL)";

    private static final String COUNT_AVAILABLE = "SELECT COUNT(*) FROM (SELECT 1 FROM key_package WHERE " + AVAILABLE
            + " LIMIT ?) AS available";

    private static final String LAST_RESORT = "SELECT ref, message FROM key_package WHERE user_id = ? AND device_id = ?"
            + " AND last_resort AND not_after > ? ORDER BY uploaded_at DESC LIMIT 1";

    @Resource(lookup = ParleyDataSource.JNDI_NAME)
    DataSource dataSource;

    private volatile Boolean postgresql;

    /**
     * Claims one KeyPackage for each of {@code deviceIds} (devices of {@code userId}, in this order) that has one;
     * devices with neither a one-time nor a last-resort KeyPackage are left out. {@code remaining} counts the
     * device's unclaimed one-time KeyPackages after the claim, up to {@code countUpTo}.
     */
    @Transactional
    public List<Claim> claimOnePerDevice(String claimerUserId, String claimerDeviceId, String userId,
            List<String> deviceIds, Instant now, int countUpTo) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            boolean pg = isPostgresql(connection);
            List<Claim> claims = new ArrayList<>(deviceIds.size());
            for (String deviceId : deviceIds) {
                Optional<Claim> oneTime = pg
                        ? claimOneTimePostgresql(connection, claimerUserId, claimerDeviceId, userId, deviceId, at)
                        : claimOneTimeH2(connection, claimerUserId, claimerDeviceId, userId, deviceId, at);
                if (oneTime.isPresent()) {
                    long remaining = countUpTo > 0 ? countAvailable(connection, userId, deviceId, at, countUpTo) : 0;
                    Claim claim = oneTime.get();
                    claims.add(new Claim(deviceId, claim.ref(), claim.message(), false, remaining));
                } else {
                    lastResort(connection, userId, deviceId, at).ifPresent(claims::add);
                }
            }
            return claims;
        } catch (SQLException e) {
            throw new IllegalStateException("KeyPackage claim failed: " + e.getMessage(), e);
        }
    }

    private Optional<Claim> claimOneTimePostgresql(Connection connection, String claimerUserId, String claimerDeviceId,
            String userId, String deviceId, OffsetDateTime at) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(CLAIM_POSTGRESQL)) {
            bindClaimer(claim, at, claimerUserId, claimerDeviceId);
            bindAvailable(claim, 4, userId, deviceId, at);
            try (ResultSet row = claim.executeQuery()) {
                return row.next()
                        ? Optional.of(new Claim(deviceId, row.getString(1), row.getString(2), false, 0))
                        : Optional.empty();
            }
        }
    }

    private Optional<Claim> claimOneTimeH2(Connection connection, String claimerUserId, String claimerDeviceId,
            String userId, String deviceId, OffsetDateTime at) throws SQLException {
        try (PreparedStatement candidates = connection.prepareStatement(CANDIDATES_H2);
                PreparedStatement claim = connection.prepareStatement(CLAIM_H2)) {
            bindAvailable(candidates, 1, userId, deviceId, at);
            bindClaimer(claim, at, claimerUserId, claimerDeviceId);
            for (int round = 0; round < H2_ROUNDS; round++) {
                List<String> refs = new ArrayList<>(H2_CANDIDATES);
                try (ResultSet rows = candidates.executeQuery()) {
                    while (rows.next()) {
                        refs.add(rows.getString(1));
                    }
                }
                if (refs.isEmpty()) {
                    return Optional.empty();
                }
                int start = ThreadLocalRandom.current().nextInt(refs.size());
                for (int i = 0; i < refs.size(); i++) {
                    String ref = refs.get((start + i) % refs.size());
                    claim.setString(4, ref);
                    try (ResultSet row = claim.executeQuery()) {
                        if (row.next()) {
                            return Optional.of(new Claim(deviceId, ref, row.getString(1), false, 0));
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }

    private static long countAvailable(Connection connection, String userId, String deviceId, OffsetDateTime at,
            int upTo) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(COUNT_AVAILABLE)) {
            bindAvailable(count, 1, userId, deviceId, at);
            count.setInt(4, upTo);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Optional<Claim> lastResort(Connection connection, String userId, String deviceId,
            OffsetDateTime at) throws SQLException {
        try (PreparedStatement lastResort = connection.prepareStatement(LAST_RESORT)) {
            lastResort.setString(1, userId);
            lastResort.setString(2, deviceId);
            lastResort.setObject(3, at);
            try (ResultSet row = lastResort.executeQuery()) {
                return row.next()
                        ? Optional.of(new Claim(deviceId, row.getString(1), row.getString(2), true, 0))
                        : Optional.empty();
            }
        }
    }

    private static void bindClaimer(PreparedStatement claim, OffsetDateTime at, String claimerUserId,
            String claimerDeviceId) throws SQLException {
        claim.setObject(1, at);
        claim.setString(2, claimerUserId);
        if (claimerDeviceId == null) {
            claim.setNull(3, java.sql.Types.VARCHAR);
        } else {
            claim.setString(3, claimerDeviceId);
        }
    }

    private static void bindAvailable(PreparedStatement statement, int first, String userId, String deviceId,
            OffsetDateTime at) throws SQLException {
        statement.setString(first, userId);
        statement.setString(first + 1, deviceId);
        statement.setObject(first + 2, at);
    }

    private boolean isPostgresql(Connection connection) throws SQLException {
        Boolean known = postgresql;
        if (known == null) {
            known = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            postgresql = known;
        }
        return known;
    }
}
