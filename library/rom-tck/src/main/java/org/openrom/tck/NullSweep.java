package org.openrom.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A reflective sweep over a public API: every public constructor and method is called once per reference
 * parameter with {@code null} there and a valid sample everywhere else. The contract: a method either accepts
 * the null (documented "may be null"), or rejects the call with an exception that is not a
 * {@link NullPointerException}, or with an NPE whose message is the parameter's name
 * ({@code Objects.requireNonNull(x, "x")}).
 * Instance methods are swept on the receivers given as samples of their class; a parameter type without a
 * sample skips that one call (counted in {@link Result#skipped()}).
 */
public final class NullSweep {
    private final Map<Class<?>, Supplier<?>> samples = new HashMap<>();

    /** A sweep with samples for the JDK types APIs commonly take. */
    public NullSweep() {
        sample(String.class, () -> "x");
        sample(CharSequence.class, () -> "x");
        sample(Object.class, () -> "x");
        sample(List.class, List::of);
        sample(Collection.class, List::of);
        sample(Iterable.class, List::of);
        sample(Set.class, Set::of);
        sample(Map.class, Map::of);
        sample(Optional.class, Optional::empty);
        sample(OptionalInt.class, OptionalInt::empty);
        sample(OptionalDouble.class, OptionalDouble::empty);
        sample(Integer.class, () -> 0);
        sample(Long.class, () -> 0L);
        sample(Double.class, () -> 0.0);
        sample(Boolean.class, () -> false);
        sample(java.time.LocalDate.class, () -> java.time.LocalDate.of(2024, 1, 1));
        sample(java.io.InputStream.class, () -> new java.io.ByteArrayInputStream(new byte[0]));
        sample(java.io.OutputStream.class, java.io.ByteArrayOutputStream::new);
        sample(java.io.Writer.class, java.io.StringWriter::new);
        sample(ClassLoader.class, NullSweep.class::getClassLoader);
        sample(Class.class, () -> Object.class);
    }

    /**
     * @param type a parameter or receiver type
     * @param sample makes a valid value of it (a fresh one per call when state matters)
     * @param <T> the type
     * @return this
     */
    public <T> NullSweep sample(Class<T> type, Supplier<? extends T> sample) {
        samples.put(type, sample);
        return this;
    }

    /** What a sweep found. */
    public record Result(List<String> anonymousNulls, int calls, int skipped) {
    }

    /**
     * @param classes the API's public classes
     * @return the calls that failed with an NPE that does not name its parameter
     */
    public Result sweep(Collection<Class<?>> classes) {
        List<String> failures = new ArrayList<>();
        int calls = 0;
        int skipped = 0;
        for (Class<?> c : classes) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            List<Executable> targets = new ArrayList<>();
            if (!Modifier.isAbstract(c.getModifiers())) {
                for (Constructor<?> k : c.getConstructors()) {
                    targets.add(k);
                }
            }
            for (Method m : c.getMethods()) {
                boolean enumValueOf = c.isEnum() && m.getName().equals("valueOf") && m.getParameterCount() == 1;
                if (m.getDeclaringClass() == c && !m.isSynthetic() && !m.isBridge() && !enumValueOf
                        && !(m.getName().equals("equals") && m.getParameterCount() == 1)) {
                    targets.add(m);
                }
            }
            for (Executable e : targets) {
                Parameter[] ps = e.getParameters();
                for (int i = 0; i < ps.length; i++) {
                    if (ps[i].getType().isPrimitive()) {
                        continue;
                    }
                    if (!ps[i].isNamePresent()) {
                        failures.add(describe(e, i) + ": compiled without -parameters, the sweep cannot check names");
                        continue;
                    }
                    Object receiver = null;
                    if (e instanceof Method && !Modifier.isStatic(e.getModifiers())) {
                        Supplier<?> r = samples.get(c);
                        if (r == null) {
                            skipped++;
                            continue;
                        }
                        receiver = r.get();
                    }
                    Object[] args = new Object[ps.length];
                    boolean ok = true;
                    for (int j = 0; j < ps.length && ok; j++) {
                        if (j != i) {
                            Optional<Object> v = value(ps[j].getType(), e.isVarArgs() && j == ps.length - 1);
                            ok = v.isPresent();
                            args[j] = v.orElse(null);
                        }
                    }
                    if (!ok) {
                        skipped++;
                        continue;
                    }
                    calls++;
                    Throwable thrown = invoke(e, receiver, args);
                    if (thrown instanceof NullPointerException && !names(thrown.getMessage(), ps[i].getName())) {
                        failures.add(describe(e, i) + ": NullPointerException(" + thrown.getMessage() + ")"
                                + " at " + (thrown.getStackTrace().length > 0 ? thrown.getStackTrace()[0] : "?"));
                    }
                }
            }
        }
        return new Result(failures, calls, skipped);
    }

    /**
     * The convention is {@code Objects.requireNonNull(x, "x")}: the message is the parameter's name (or starts with
     * it). A JDK "helpful" message ("Cannot invoke … because "x" is null") does not count: it comes from deep
     * inside, after whatever ran before, not from a check at the entry.
     */
    private static boolean names(String message, String parameter) {
        return message != null && (message.equals(parameter) || message.startsWith(parameter + " ")
                || message.startsWith(parameter + ":") || message.startsWith(parameter + "."));
    }

    private Optional<Object> value(Class<?> type, boolean varargs) {
        if (type.isPrimitive()) {
            return Optional.of(primitive(type));
        }
        if (type.isArray()) {
            return Optional.of(Array.newInstance(type.getComponentType(), 0));
        }
        if (type.isEnum()) {
            return Optional.of(type.getEnumConstants()[0]);
        }
        Supplier<?> s = samples.get(type);
        return s == null ? Optional.empty() : Optional.ofNullable(s.get());
    }

    private static Object primitive(Class<?> t) {
        if (t == boolean.class) {
            return false;
        }
        if (t == char.class) {
            return 'x';
        }
        if (t == byte.class) {
            return (byte) 0;
        }
        if (t == short.class) {
            return (short) 0;
        }
        if (t == int.class) {
            return 1;
        }
        if (t == long.class) {
            return 1L;
        }
        if (t == float.class) {
            return 1f;
        }
        return 1.0;
    }

    private static Throwable invoke(Executable e, Object receiver, Object[] args) {
        try {
            if (e instanceof Constructor) {
                ((Constructor<?>) e).newInstance(args);
            } else {
                ((Method) e).invoke(receiver, args);
            }
            return null;
        } catch (InvocationTargetException x) {
            return x.getCause();
        } catch (ReflectiveOperationException | IllegalArgumentException x) {
            return x;
        }
    }

    private static String describe(Executable e, int i) {
        return e.getDeclaringClass().getName() + "." + (e instanceof Constructor ? "<init>" : e.getName()) + "("
                + Stream.of(e.getParameterTypes()).map(Class::getSimpleName).reduce((a, b) -> a + ", " + b).orElse("")
                + ") parameter " + i + " '" + e.getParameters()[i].getName() + "'";
    }

    /**
     * The public classes of some packages, from a module's compiled classes.
     *
     * @param classes the module's {@code target/classes}
     * @param packages the exported packages
     * @return the classes, nested ones included
     */
    public static List<Class<?>> classesIn(Path classes, String... packages) {
        Set<String> names = new TreeSet<>();
        for (String p : packages) {
            Path dir = classes.resolve(p.replace('.', '/'));
            try (Stream<Path> s = Files.list(dir)) {
                s.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class") && !f.equals("package-info.class")
                        && !f.equals("module-info.class")).forEach(f -> names.add(p + "." + f.substring(0, f.length() - 6)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Class<?>> out = new ArrayList<>();
        for (String n : names) {
            try {
                Class<?> c = Class.forName(n, false, NullSweep.class.getClassLoader());
                if (!c.isAnonymousClass() && !c.isSynthetic()) {
                    out.add(c);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
