package org.openrom.core.needs;

import java.util.List;
import org.openrom.core.instrument.InstrumentRegistry;

/** Evaluates a condition of an evidence rule against a patient's data (inside the needs package only). */
final class Conditions {
    private Conditions() {
    }

    /** @return the evidence when the condition holds, else empty */
    static List<Evidence> evaluate(Condition c, NeedsInput input, String rule, InstrumentRegistry instruments) {
        if (c instanceof Condition.ScaleCondition x) {
            return x.evaluate(input, rule, instruments);
        }
        if (c instanceof Condition.ItemCondition x) {
            return x.evaluate(input, rule, instruments);
        }
        if (c instanceof Condition.ChangeCondition x) {
            return x.evaluate(input, rule, instruments);
        }
        if (c instanceof Condition.StatusCondition x) {
            return x.evaluate(input, rule, instruments);
        }
        if (c instanceof Condition.FlagCondition x) {
            return x.evaluate(input, rule, instruments);
        }
        if (c instanceof Condition.AllCondition x) {
            return x.evaluate(input, rule, instruments);
        }
        if (c instanceof Condition.AnyCondition x) {
            return x.evaluate(input, rule, instruments);
        }
        throw new IllegalStateException("unknown condition " + c.getClass().getName());
    }
}
