package org.openrom.rules;

import java.util.List;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.TrackRuleProvider;

/** Id, version, description and parameters of a built-in rule provider, declared once in its constructor. Not API. */
abstract class RuleProviderBase implements TrackRuleProvider {
    private final String id;
    private final String version;
    private final String description;
    private final List<ParameterDescriptor> parameters;

    RuleProviderBase(String id, String version, String description, ParameterDescriptor... parameters) {
        this.id = id;
        this.version = version;
        this.description = description;
        this.parameters = List.of(parameters);
    }

    @Override
    public final List<ParameterDescriptor> parameters() {
        return parameters;
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
