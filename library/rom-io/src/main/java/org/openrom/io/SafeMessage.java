package org.openrom.io;

/**
 * Turns a third-party parser's exception into a message that cannot carry patient text: a CSV parser may quote
 * field content in some messages, so only its shape is kept.
 */
final class SafeMessage {
    private SafeMessage() {
    }

    static String of(Throwable e) {
        Throwable t = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // keep the parser's words up to the first quote or bracket, where it starts echoing input
        int cut = m.length();
        for (char c : new char[] {'\'', '"', '[', '<'}) {
            int i = m.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        String head = m.substring(0, cut).trim();
        return head.isEmpty() ? t.getClass().getSimpleName() : head;
    }
}
