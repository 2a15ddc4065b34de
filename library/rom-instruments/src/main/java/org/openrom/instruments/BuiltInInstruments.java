package org.openrom.instruments;

import java.util.List;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentDefinitions;
import org.openrom.core.instrument.spi.InstrumentProvider;

/**
 * The built-in instruments, defined in OpenROM's declarative JSON format (resources next to this
 * class) and provided through the {@link InstrumentProvider} SPI. Scoring facts and sources
 * (docs/instruments.md; each definition's {@code source} field carries the citation):
 *
 * <table>
 * <caption>Built-in instruments</caption>
 * <tr><th>id</th><th>scales</th><th>source</th></tr>
 * <tr><td>{@value #ODSIS}</td><td>total 0–20, lower is better, shown reversed (20 − total), cut-off 8</td>
 *     <td>Bentley et al. 2014, Psychol Assess 26:815</td></tr>
 * <tr><td>{@value #GQ12}</td><td>pb, pw (higher is better), nr (lower is better): means of 4 items, 1–7</td>
 *     <td>Krogel et al. 2013; Jensen 2016</td></tr>
 * <tr><td>{@value #PSYCHLOPS}</td><td>total 0–20 (Q1b + Q2b + Q3b + Q4; missing Q2b counts as Q1b), problems,
 *     function, wellbeing; caseness 6.41, reliable change 4.63</td><td>Ashworth et al. 2004; Sales et al. 2022</td></tr>
 * <tr><td>{@value #WHO5}</td><td>raw 0–25, percentage 0–100 (4 × raw), higher is better, poor ≤ 50%</td>
 *     <td>Topp et al. 2015</td></tr>
 * <tr><td>{@value #PHQ9}</td><td>total 0–27, bands 5/10/15/20, caseness 10, reliable change 6</td>
 *     <td>Kroenke et al. 2001</td></tr>
 * <tr><td>{@value #GAD7}</td><td>total 0–21, bands 5/10/15, caseness 8, reliable change 4</td>
 *     <td>Spitzer et al. 2006</td></tr>
 * <tr><td>{@value #HOMEWORK}</td><td>total 0–4, higher is better</td><td>study-specific</td></tr>
 * <tr><td>{@value #LIFE_EVENTS}</td><td>count 0–6 of six yes/no events</td><td>study-specific</td></tr>
 * </table>
 *
 * <p>No copyrighted wording is shipped: ODSIS, GQ-12 and PSYCHLOPS carry ids and topics only; the
 * free wording of PHQ-9, GAD-7 and WHO-5 is included.
 */
public final class BuiltInInstruments implements InstrumentProvider {
    /** ODSIS instrument id. */
    public static final String ODSIS = "odsis";
    /** GQ-12 instrument id. */
    public static final String GQ12 = "gq12";
    /** PSYCHLOPS instrument id. */
    public static final String PSYCHLOPS = "psychlops";
    /** WHO-5 instrument id. */
    public static final String WHO5 = "who5";
    /** PHQ-9 instrument id. */
    public static final String PHQ9 = "phq9";
    /** GAD-7 instrument id. */
    public static final String GAD7 = "gad7";
    /** Homework tracker instrument id. */
    public static final String HOMEWORK = "homework";
    /** Life-events checklist instrument id. */
    public static final String LIFE_EVENTS = "life-events";

    private static final List<String> IDS = List.of(ODSIS, GQ12, PSYCHLOPS, WHO5, PHQ9, GAD7, HOMEWORK, LIFE_EVENTS);

    private static final class Holder {
        static final List<Instrument> ALL = IDS.stream().map(BuiltInInstruments::load).toList();
    }

    /** Opens the definition from this module: in a named module, rom-core may not read this package's resources. */
    private static Instrument load(String id) {
        try (java.io.InputStream in = BuiltInInstruments.class.getResourceAsStream(id + ".json")) {
            if (in == null) {
                throw new org.openrom.core.ConfigurationException("built-in instrument definition " + id + ".json is missing");
            }
            return InstrumentDefinitions.fromJson(in, id + ".json");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public BuiltInInstruments() {
    }

    /** @return the eight built-in instruments, loaded once */
    @Override
    public List<Instrument> instruments() {
        return Holder.ALL;
    }

    /** @return {@code openrom built-in instruments} */
    @Override
    public String name() {
        return "openrom built-in instruments (" + getClass().getName() + ")";
    }
}
