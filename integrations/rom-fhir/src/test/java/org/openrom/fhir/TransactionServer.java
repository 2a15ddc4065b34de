package org.openrom.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A FHIR R4 server on loopback for tests: HAPI's {@link RestfulServer} in Jetty, with an in-memory store and the
 * transaction rules of the FHIR specification (R4, http.html#trules and #cond-update) that OpenROM's Bundles rely
 * on: POST with {@code ifNoneExist} (no match creates, one match is a no-op, several are 412), PUT with a search URL
 * (no match creates, one match updates it in place, several are 412), PUT of an id (create or replace), and
 * {@code urn:uuid} references rewritten to the ids the server assigned. HAPI's plain server leaves transaction
 * processing to the provider; this is that provider.
 */
final class TransactionServer implements AutoCloseable {
    private final FhirContext context;
    private final Server jetty;
    /** type -> id -> resource. */
    private final Map<String, Map<String, Resource>> store = new LinkedHashMap<>();
    private int nextId = 1;
    private int creates;
    private int updates;

    TransactionServer(FhirContext context) throws Exception {
        this.context = context;
        RestfulServer servlet = new RestfulServer(context);
        servlet.registerProvider(this);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler();
        handler.addServlet(new ServletHolder(servlet), "/fhir/*");
        jetty.setHandler(handler);
        jetty.start();
    }

    /** @return the server's base URL */
    String base() {
        return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/fhir";
    }

    /** @return how many resources of the type the server holds */
    synchronized int count(String type) {
        return store.getOrDefault(type, Map.of()).size();
    }

    /** @return the resources of the type */
    synchronized List<Resource> all(String type) {
        return List.copyOf(store.getOrDefault(type, Map.of()).values());
    }

    /** @return creates and updates so far */
    synchronized int[] writes() {
        return new int[] {creates, updates};
    }

    /** Processes a transaction: every entry, or none (a failed entry rolls the whole Bundle back). */
    @Transaction
    public synchronized Bundle transaction(@TransactionParam Bundle in) {
        Map<String, Map<String, Resource>> before = new LinkedHashMap<>();
        store.forEach((k, v) -> before.put(k, new LinkedHashMap<>(v)));
        int[] counts = {creates, updates, nextId};
        try {
            return apply(in);
        } catch (RuntimeException e) {
            store.clear();
            store.putAll(before);
            creates = counts[0];
            updates = counts[1];
            nextId = counts[2];
            throw e;
        }
    }

    private Bundle apply(Bundle in) {
        Map<String, String> resolved = new HashMap<>();
        Bundle out = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        List<Resource> written = new ArrayList<>();
        // the specification processes POSTs before PUTs; OpenROM's Bundles need no other order
        for (Bundle.HTTPVerb verb : List.of(Bundle.HTTPVerb.POST, Bundle.HTTPVerb.PUT)) {
            for (Bundle.BundleEntryComponent e : in.getEntry()) {
                if (e.getRequest().getMethod() != verb) {
                    continue;
                }
                Resource r = e.getResource().copy();
                String type = r.fhirType();
                Map<String, Resource> ofType = store.computeIfAbsent(type, k -> new LinkedHashMap<>());
                String url = e.getRequest().getUrl();
                String id;
                String status;
                if (verb == Bundle.HTTPVerb.POST) {
                    List<String> matches = e.getRequest().hasIfNoneExist() ? search(type, e.getRequest().getIfNoneExist())
                            : List.of();
                    if (matches.size() > 1) {
                        throw new PreconditionFailedException("ifNoneExist matches " + matches.size() + " " + type);
                    }
                    if (matches.size() == 1) {
                        id = matches.get(0);
                        status = "200 OK";
                    } else {
                        id = String.valueOf(nextId++);
                        r.setId(type + "/" + id);
                        ofType.put(id, r);
                        written.add(r);
                        creates++;
                        status = "201 Created";
                    }
                } else if (url.contains("?")) {
                    List<String> matches = search(type, url.substring(url.indexOf('?') + 1));
                    if (matches.size() > 1) {
                        throw new PreconditionFailedException("conditional update matches " + matches.size() + " " + type);
                    }
                    if (matches.isEmpty()) {
                        id = String.valueOf(nextId++);
                        creates++;
                        status = "201 Created";
                    } else {
                        id = matches.get(0);
                        updates++;
                        status = "200 OK";
                    }
                    r.setId(type + "/" + id);
                    ofType.put(id, r);
                    written.add(r);
                } else {
                    id = url.substring(url.indexOf('/') + 1);
                    status = ofType.containsKey(id) ? "200 OK" : "201 Created";
                    if (ofType.containsKey(id)) {
                        updates++;
                    } else {
                        creates++;
                    }
                    r.setId(type + "/" + id);
                    ofType.put(id, r);
                    written.add(r);
                }
                if (e.hasFullUrl()) {
                    resolved.put(e.getFullUrl(), type + "/" + id);
                }
                out.addEntry().getResponse().setStatus(status).setLocation(type + "/" + id);
            }
        }
        for (Resource r : written) {
            for (Reference ref : context.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class)) {
                if (ref.hasReference() && ref.getReference().startsWith("urn:")) {
                    String target = resolved.get(ref.getReference());
                    if (target == null) {
                        throw new InvalidRequestException("unresolved reference " + ref.getReference());
                    }
                    ref.setReference(target);
                }
            }
        }
        return out;
    }

    /** The ids of the resources of a type that match {@code identifier=system|value}, the one search used. */
    private List<String> search(String type, String query) {
        if (!query.startsWith("identifier=")) {
            throw new InvalidRequestException("unsupported search " + query);
        }
        String token = URLDecoder.decode(query.substring("identifier=".length()), StandardCharsets.UTF_8);
        int bar = token.indexOf('|');
        String system = bar < 0 ? null : token.substring(0, bar);
        String value = bar < 0 ? token : token.substring(bar + 1);
        List<String> ids = new ArrayList<>();
        store.getOrDefault(type, Map.of()).forEach((id, r) -> {
            for (IBase b : context.newTerser().getValues(r, type + ".identifier")) {
                Identifier i = (Identifier) b;
                if (value.equals(i.getValue()) && (system == null || system.equals(i.getSystem()))) {
                    ids.add(id);
                    return;
                }
            }
        });
        return ids;
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new java.io.IOException("cannot stop the test server", e);
        }
    }
}
