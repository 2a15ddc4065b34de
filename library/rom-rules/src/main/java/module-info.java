/** Built-in track-status rules, combinators, change statistics and research tools. */
module org.openrom.rules {
    requires transitive org.openrom.core;

    // org.openrom.rules (the rule classes) is not exported: rules are used by spec through the registry, and
    // provided to it through the SPI below
    exports org.openrom.rules.change;
    exports org.openrom.rules.research;

    provides org.openrom.core.track.spi.TrackRuleProvider with
            org.openrom.rules.DeteriorationOrNoChangeRule,
            org.openrom.rules.DeteriorationOrNoChangeRuleV1,
            org.openrom.rules.DeteriorationThresholdRule,
            org.openrom.rules.ReliableChangeRule,
            org.openrom.rules.ExpectedResponseRule,
            org.openrom.rules.PercentileBoundaryRule,
            org.openrom.rules.TalkingTherapiesRule,
            org.openrom.rules.PercentChangeRule,
            org.openrom.rules.AnyOfRule,
            org.openrom.rules.AllOfRule,
            org.openrom.rules.PersistentRule;
}
