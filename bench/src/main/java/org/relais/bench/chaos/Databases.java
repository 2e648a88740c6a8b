package org.relais.bench.chaos;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.relais.bench.cli.Target;

/**
 * Read-only look into each service's own database, the ground truth the invariants compare the load's
 * acknowledgements with. A fresh connection per read: PostgreSQL itself is restarted during the run.
 */
public final class Databases {

    /** HELD referrals of facility {@code f} (referral-service). */
    private static final String HELD_REFERRALS =
            "(SELECT count(*) FROM referral r WHERE r.facility_id = f.facility_id AND r.status = 'HELD')";

    private final Target target;
    /** Each service's own database on the platform under test. */
    private final String capacityDb;
    private final String referralDb;
    private final String patrolDb;

    public Databases(Target target) {
        this.target = target;
        this.capacityDb = target.database("capacity");
        this.referralDb = target.database("referral");
        this.patrolDb = target.database("patrol");
    }

    private Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", target.dbUser());
        if (!target.dbPassword().isEmpty()) {
            p.setProperty("password", target.dbPassword());
        }
        p.setProperty("ApplicationName", "relais-chaos");
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", "10");
        p.setProperty("readOnly", "true");
        Connection c = DriverManager.getConnection(target.jdbcUrl(database), p);
        c.setReadOnly(true);
        return c;
    }

    /** One sample of overbooking: facilities (with their count and holds versions) over their count, and with free below zero. */
    public record Overbooking(Set<String> over, long negativeFree) {
    }

    /**
     * Facilities where more referrals are HELD than the facility has free places, and with free below zero, in
     * referral-service's view. One statement, so one snapshot of both tables. Consumed holds (arrived, not yet released)
     * do not count: those people are already inside. Each facility comes with its count and holds versions, so that a
     * state that lasts (the same versions at two samples) can be told from the moment between a lowered count being
     * stored and the excess holds being withdrawn.
     */
    public Overbooking overbooked(Collection<String> facilities) throws SQLException {
        try (Connection c = connect(referralDb);
             PreparedStatement s = c.prepareStatement("SELECT f.facility_id || '@' || f.availability_version || '/' || f.holds_version, "
                     + HELD_REFERRALS + " > f.free, f.free < 0 FROM facility_availability f WHERE f.facility_id = ANY(?)")) {
            s.setArray(1, c.createArrayOf("text", facilities.toArray()));
            Set<String> over = new HashSet<>();
            long negative = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        over.add(rs.getString(1));
                    }
                    negative += rs.getBoolean(3) ? 1 : 0;
                }
            }
            return new Overbooking(over, negative);
        }
    }

    /** HELD referrals per facility in referral-service (facilities without any are absent). */
    public Map<String, Long> heldByFacility(Collection<String> facilities) throws SQLException {
        Map<String, Long> held = new HashMap<>();
        try (Connection c = connect(referralDb);
             PreparedStatement s = c.prepareStatement("SELECT facility_id, count(*) FROM referral WHERE status = 'HELD' "
                     + "AND facility_id = ANY(?) GROUP BY facility_id")) {
            s.setArray(1, c.createArrayOf("text", facilities.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    held.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return held;
    }

    /** Lifecycle steps of these referrals since {@code since}, counted per "FROM->TO" (FROM is "" for the request). */
    public Map<String, Long> transitions(Collection<String> referrals, Instant since) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = connect(referralDb);
             PreparedStatement s = c.prepareStatement("SELECT coalesce(from_status, '') || '->' || to_status || coalesce(':' || reason, ''), "
                     + "count(*) FROM referral_transition WHERE referral_id = ANY(?) AND occurred_at >= ? GROUP BY 1")) {
            s.setArray(1, c.createArrayOf("text", referrals.toArray()));
            s.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Rows of the outbox tables, per database: events committed but not yet relayed to Kafka. */
    public Map<String, Long> outbox() {
        Map<String, Long> counts = new HashMap<>();
        for (String db : List.of(capacityDb, referralDb, patrolDb)) {
            try (Connection c = connect(db); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox_event");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                counts.put(db, rs.getLong(1));
            } catch (SQLException e) {
                counts.put(db, -1L);
            }
        }
        return counts;
    }

    /** Reads everything the invariants need, except the gateway's side. */
    public Observed read(Collection<String> facilities, Collection<String> referralFacilities, Collection<String> referrals, Instant since,
            Map<String, Observed.GatewayFacility> gateway, Map<String, String> gatewayReferrals, long deadLettered) throws SQLException {
        Object[] facilityIds = facilities.toArray();
        Object[] referralIds = referrals.toArray();
        Map<String, Observed.Count> capacity = new HashMap<>();
        List<Observed.History> history = new ArrayList<>();
        try (Connection c = connect(capacityDb)) {
            try (PreparedStatement s = c.prepareStatement("SELECT facility_id, free, total, version FROM availability WHERE facility_id = ANY(?)")) {
                s.setArray(1, c.createArrayOf("text", facilityIds));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        capacity.put(rs.getString(1), new Observed.Count(rs.getInt(2), rs.getInt(3), rs.getLong(4)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT facility_id, version, free, cause_type, cause_referral_id, updated_at, "
                    + "recorded_at FROM availability_history WHERE facility_id = ANY(?) AND recorded_at >= ?")) {
                s.setArray(1, c.createArrayOf("text", facilityIds));
                s.setTimestamp(2, Timestamp.from(since));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Timestamp reported = rs.getTimestamp(6);
                        history.add(new Observed.History(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                                reported == null ? null : reported.toInstant(), rs.getTimestamp(7).toInstant()));
                    }
                }
            }
        }
        Map<String, Observed.PatrolReferral> patrol = new HashMap<>();
        try (Connection c = connect(patrolDb);
             PreparedStatement s = c.prepareStatement("SELECT id, idempotency_key, status FROM referral WHERE id = ANY(?)")) {
            s.setArray(1, c.createArrayOf("text", referralIds));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    patrol.put(rs.getString(1), new Observed.PatrolReferral(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        Map<String, Observed.ServiceReferral> referral = new HashMap<>();
        Map<String, Observed.ReferralFacility> referralView = new HashMap<>();
        Map<String, Long> arrived = new HashMap<>();
        long brokenChains;
        try (Connection c = connect(referralDb)) {
            try (PreparedStatement s = c.prepareStatement("SELECT id, status, arrondissement, kinds, facility_id, hold_counted, "
                    + "status = 'HELD' AND hold_expires_at < now() - interval '30 seconds' FROM referral WHERE id = ANY(?)")) {
                s.setArray(1, c.createArrayOf("text", referralIds));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Array kinds = rs.getArray(4);
                        referral.put(rs.getString(1), new Observed.ServiceReferral(rs.getString(1), rs.getString(2), rs.getString(3),
                                kinds == null ? List.of() : List.of((String[]) kinds.getArray()), rs.getString(5), rs.getBoolean(6), rs.getBoolean(7)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT f.facility_id, f.arrondissement, f.kind, f.active, f.free, f.held, "
                    + "f.availability_version, (SELECT count(*) FROM referral r WHERE r.facility_id = f.facility_id AND r.hold_counted), "
                    + HELD_REFERRALS + " FROM facility_availability f WHERE f.facility_id = ANY(?)")) {
                s.setArray(1, c.createArrayOf("text", facilityIds));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        referralView.put(rs.getString(1), new Observed.ReferralFacility(rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                rs.getInt(5), rs.getInt(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT facility_id, count(*) FROM referral WHERE facility_id = ANY(?) "
                    + "AND status = 'ARRIVED' AND requested_at >= ? GROUP BY facility_id")) {
                s.setArray(1, c.createArrayOf("text", referralFacilities.toArray()));
                s.setTimestamp(2, Timestamp.from(since));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        arrived.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            // A referral may be HELD twice now (a withdrawn hold held again); a step applied twice or lost shows as a break
            // in its chain: a step that does not start where the one before it ended.
            try (PreparedStatement s = c.prepareStatement("SELECT count(DISTINCT referral_id) FROM (SELECT referral_id, from_status, "
                    + "lag(to_status) OVER (PARTITION BY referral_id ORDER BY id) AS before FROM referral_transition "
                    + "WHERE referral_id = ANY(?)) steps WHERE from_status IS DISTINCT FROM before")) {
                s.setArray(1, c.createArrayOf("text", referralIds));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    brokenChains = rs.getLong(1);
                }
            }
        }
        return new Observed(capacity, history, gateway, patrol, referral, referralView, brokenChains, gatewayReferrals, arrived, outbox(),
                deadLettered, transitions(referrals, since));
    }
}
