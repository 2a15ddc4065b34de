package org.openrom.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads a file on a second thread while the caller's thread scores and consumes what was read: tokenising and
 * validating rows takes about half of a cohort read, scoring and the caller's work the other half, and the two
 * overlap. The caller sees no thread: its consumer runs on its own thread, in order, and a failure of the reading
 * thread is rethrown there as it was thrown (after everything read before it has been consumed). When the
 * consumer fails, the reader is stopped and the file closed before the failure propagates.
 */
final class ReadAhead {
    /** Patients in flight between the threads (a few hundred rows each). */
    private static final int DEPTH = 64;
    private static final Object END = new Object();

    /** What the reading thread runs. */
    interface Producer {
        void produce(Consumer<PatientParts> emit) throws IOException;
    }

    private record Failure(Throwable error) {
    }

    /** Thrown inside the reading thread to unwind it when the consumer has stopped. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private ReadAhead() {
    }

    /** Whether reading ahead can help: there is a second processor to overlap on. */
    static boolean worthIt() {
        return Runtime.getRuntime().availableProcessors() > 1;
    }

    static void run(Producer producer, Consumer<PatientParts> consumer) throws IOException {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            Object last;
            try {
                producer.produce(p -> put(queue, p, stop));
                last = END;
            } catch (Stopped s) {
                return;
            } catch (Throwable e) {
                last = new Failure(e);
            }
            try {
                put(queue, last, stop);
            } catch (Stopped s) {
                // the consumer has gone; nobody waits for the end
            }
        }, "openrom-cohort-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                Object o;
                try {
                    o = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading a cohort");
                }
                if (o == END) {
                    return;
                }
                if (o instanceof Failure f) {
                    throw rethrow(f.error());
                }
                consumer.accept((PatientParts) o);
            }
        } finally {
            stop.set(true);
            reader.interrupt();
            boolean interrupted = false;
            while (reader.isAlive()) {
                try {
                    reader.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void put(BlockingQueue<Object> queue, Object o, AtomicBoolean stop) {
        while (true) {
            if (stop.get()) {
                throw new Stopped();
            }
            try {
                if (queue.offer(o, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                if (stop.get()) {
                    throw new Stopped();
                }
            }
        }
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException e) {
            return e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(t);
    }
}
