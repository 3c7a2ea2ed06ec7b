package io.cachedfactory.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.cachedfactory.runtime.internal.RequestKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Which types can be part of a persistent key is one contract with two sides: the processor's
 * {@link KeyTypes} refuses a parameter type at compile time, the runtime's key encoder refuses a
 * value at run time. They must agree; this test holds them to it for every public
 * {@code java.time} type, the family where they once drifted ({@code OffsetTime} was encoded but
 * refused).
 */
class KeyTypeContractTest {

    /** The runtime encodes {@code OffsetTime}; the processor once refused it. */
    @Test
    void process_offsetTimeParameter_compilesWithoutWarnings() {
        Compilation compilation = Goldens.compiler().compile(factoryTaking(OffsetTime.class));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.K_OffsetTimeFactory");
    }

    @Test
    void process_javaTimeTypes_acceptedExactlyWhenTheRuntimeEncodesThem() throws Exception {
        List<Class<?>> timeTypes = publicJavaTimeTypes();
        Set<String> encoded = new TreeSet<>();
        for (Class<?> type : timeTypes) {
            if (runtimeEncodes(sample(type))) {
                encoded.add(type.getName());
            }
        }
        List<JavaFileObject> sources = new ArrayList<>();
        for (Class<?> type : timeTypes) {
            sources.add(factoryTaking(type));
        }
        Compilation compilation = Goldens.compiler().compile(sources);

        Map<String, List<String>> problems = problemsByFile(compilation);
        Set<String> accepted = new TreeSet<>();
        List<JavaFileObject> acceptedSources = new ArrayList<>();
        for (int i = 0; i < timeTypes.size(); i++) {
            List<String> inSource = problems.getOrDefault(uri(sources.get(i)), List.of());
            if (inSource.isEmpty()) {
                accepted.add(timeTypes.get(i).getName());
                acceptedSources.add(sources.get(i));
            } else {
                assertWithMessage("refused for its key type only").that(inSource).hasSize(1);
                assertThat(inSource.get(0)).startsWith("[CachedFactoryKey]");
            }
        }
        problems.keySet().removeAll(sources.stream().map(KeyTypeContractTest::uri).toList());
        assertWithMessage("errors and warnings outside the test classes").that(problems)
                .isEmpty();
        assertThat(encoded).contains("java.time.OffsetTime");
        assertWithMessage("java.time types the processor accepts, against those the runtime"
                + " encodes").that(accepted).isEqualTo(encoded);
        // Without the refused ones, javac also compiles the generated factories.
        assertThat(Goldens.compiler().compile(acceptedSources)).succeededWithoutWarnings();
    }

    /** The public top-level classes of package {@code java.time}, from the running JDK. */
    private static List<Class<?>> publicJavaTimeTypes() throws IOException {
        List<Class<?>> types = new ArrayList<>();
        try (ModuleReader reader = ModuleFinder.ofSystem().find("java.base").orElseThrow()
                .open()) {
            for (String resource : reader.list().sorted().toList()) {
                if (resource.matches("java/time/\\w+\\.class")) {
                    Class<?> type = load(resource.replace('/', '.').replace(".class", ""));
                    if (Modifier.isPublic(type.getModifiers())) {
                        types.add(type);
                    }
                }
            }
        }
        assertThat(types).isNotEmpty();
        return types;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A value of {@code type}: an enum constant, a constant such as {@code Duration.ZERO}, the
     * result of a factory such as {@code now()} or {@code systemDefault()}, or for an exception one
     * made with a message.
     */
    private static Object sample(Class<?> type) throws ReflectiveOperationException {
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == type) {
                return field.get(null);
            }
        }
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0
                    && method.getReturnType() == type) {
                return method.invoke(null);
            }
        }
        Optional<Constructor<?>> withMessage = optionalConstructor(type, String.class);
        if (withMessage.isPresent()) {
            return withMessage.get().newInstance("sample");
        }
        throw new AssertionError("no sample value of " + type + "; add a way to make one");
    }

    private static Optional<Constructor<?>> optionalConstructor(Class<?> type,
            Class<?>... parameters) {
        try {
            return Optional.of(type.getConstructor(parameters));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static boolean runtimeEncodes(Object value) {
        try {
            RequestKey.builder("K(T)").arg("value", value).build().toByteArray();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        } catch (UncheckedIOException e) {
            throw new AssertionError(e);
        }
    }

    /** A class {@code test.K_<Type>} whose factory takes one parameter of {@code type}. */
    private static JavaFileObject factoryTaking(Class<?> type) {
        String name = "K_" + type.getSimpleName();
        return JavaFileObjects.forSourceString("test." + name, """
                package test;
                @io.cachedfactory.CachedFactory
                public final class %1$s implements java.io.Serializable {
                    public %1$s(%2$s value) {}
                }
                """.formatted(name, type.getCanonicalName()));
    }

    /** The errors and warnings reported, by the file they are in ("" for none). */
    private static Map<String, List<String>> problemsByFile(Compilation compilation) {
        Map<String, List<String>> problems = new TreeMap<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR
                    || diagnostic.getKind() == Diagnostic.Kind.WARNING
                    || diagnostic.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                String file = diagnostic.getSource() == null ? "" : uri(diagnostic.getSource());
                problems.computeIfAbsent(file, f -> new ArrayList<>())
                        .add(diagnostic.getMessage(null));
            }
        }
        return problems;
    }

    private static String uri(JavaFileObject file) {
        return file.toUri().toString();
    }
}
