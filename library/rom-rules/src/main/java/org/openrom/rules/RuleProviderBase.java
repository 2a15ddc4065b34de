package org.openrom.rules;

import org.openrom.core.track.spi.TrackRuleProvider;

/** Id, version and description of a built-in rule provider. Not API. */
abstract class RuleProviderBase implements TrackRuleProvider {
    private final String id;
    private final String version;
    private final String description;

    RuleProviderBase(String id, String version, String description) {
        this.id = id;
        this.version = version;
        this.description = description;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public final String description() {
        return description;
    }
}
