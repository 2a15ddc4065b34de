package org.openrom.rules.change;

/** Jacobson–Truax outcome categories (Jacobson &amp; Truax 1991; Claus et al. 2024). Without a cut-off only the middle three occur. */
public enum ChangeCategory {
    /** Reliably improved and crossed the cut-off from the clinical to the functional side. */
    RECOVERED,
    /** Reliably improved (without recovering). */
    IMPROVED,
    /** No reliable change. */
    UNCHANGED,
    /** Reliably deteriorated (without being harmed). */
    DETERIORATED,
    /** Reliably deteriorated and crossed the cut-off from the functional to the clinical side. */
    HARMED;

    /** @return the lower-case name used in JSON and CSV */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
