/** Built-in track-status rules, combinators, change statistics and research tools. */
module org.openrom.rules {
    requires transitive org.openrom.core;

    exports org.openrom.rules;
    exports org.openrom.rules.change;

    provides org.openrom.core.track.spi.TrackRuleProvider with
            org.openrom.rules.DeteriorationOrNoChangeRule;
}
