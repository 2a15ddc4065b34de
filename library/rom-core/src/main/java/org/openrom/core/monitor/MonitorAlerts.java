package org.openrom.core.monitor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.openrom.core.UnknownIdException;
import org.openrom.core.safety.Acknowledgement;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.safety.TrackedAlert;
import org.openrom.core.score.Administration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts an {@link OutcomeMonitor} keeps per patient, and their acknowledgements. Every change holds the monitor's
 * read lock (so that a snapshot is a consistent cut) and the patient's lock.
 */
final class MonitorAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeMonitor.class);

    private MonitorAlerts() {
    }

    /** Hands every alert to the listener (if any); a failing listener is logged and never stops the recording. */
    static void notify(java.util.function.Consumer<SafetyAlert> listener, List<SafetyAlert> alerts) {
        if (listener == null) {
            return;
        }
        for (SafetyAlert a : alerts) {
            try {
                listener.accept(a);
            } catch (RuntimeException e) {
                LOG.warn("The alert listener failed on an alert {} ({}): the alert is still in the update",
                        a.code(), e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Keeps the alerts on the patient, creating the patient's state when needed: also the one change a rejected
     * administration makes, so that its alerts stay open until a clinician acknowledges them.
     */
    static void keep(ReentrantReadWriteLock lock, Map<String, PatientState> patients, String patientId,
            Function<String, PatientState> newPatient, List<SafetyAlert> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        lock.readLock().lock();
        try {
            PatientState ps = patients.computeIfAbsent(patientId, newPatient);
            synchronized (ps) {
                ps.keepAlerts(alerts);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Notes a known patient's attendance (nothing for an unknown patient). */
    static void seen(ReentrantReadWriteLock lock, PatientState ps, int occasion, java.util.Optional<String> group) {
        if (ps == null) {
            return;
        }
        lock.readLock().lock();
        try {
            synchronized (ps) {
                ps.seen(occasion, group);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return the patient's kept alerts (none for an unknown patient) */
    static List<TrackedAlert> of(PatientState ps) {
        if (ps == null) {
            return List.of();
        }
        synchronized (ps) {
            return ps.alerts == null ? List.of() : List.copyOf(ps.alerts);
        }
    }

    /** Records the acknowledgement; see {@link OutcomeMonitor#acknowledge}. */
    static Acknowledgement acknowledge(ReentrantReadWriteLock lock, Map<String, PatientState> patients, String patientId,
            Acknowledgement acknowledgement) {
        lock.readLock().lock();
        try {
            PatientState ps = patients.get(Administration.normalizeId(patientId));
            if (ps == null) {
                throw new UnknownIdException("patient", patientId, List.of());
            }
            synchronized (ps) {
                Acknowledgement stands = ps.acknowledge(acknowledgement);
                if (stands == null) {
                    throw new UnknownIdException("alert", acknowledgement.alertId(), ps.alerts == null ? List.of()
                            : ps.alerts.stream().map(t -> t.alert().id()).toList());
                }
                // the instrument and item only: the occasion is left out with the patient
                LOG.debug("An alert of {} was acknowledged", acknowledgement.alertId().replaceAll("@.*", ""));
                return stands;
            }
        } finally {
            lock.readLock().unlock();
        }
    }
}
