package io.cachedfactory.processor;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/*
 * The calls whose effect the fingerprint cannot see, found by the declaring class and name of the
 * resolved method (so an alias, a static import or a call through a subclass is found the same).
 * Two kinds, with different advice:
 *   - dynamic edges: code chosen at run time by name (reflection, method handles, service
 *     loading); the fingerprint cannot follow them, the developer must list what they load;
 *   - inputs from outside the code: files, network, environment, system properties, the clock;
 *     an object built from them is stale when they change, which no fingerprint can see.
 * Constructors are listed under "<init>".
 */

/** The JDK calls that make a build depend on something its fingerprint cannot see. */
final class SuspectCalls {

    /** What kind of blind spot a call is. */
    enum Kind {
        DYNAMIC, INPUT
    }

    private static final Map<String, Set<String>> DYNAMIC = Map.of(
            // Looking a member up runs nothing: the invoke or newInstance that follows is warned.
            "java.lang.Class", Set.of("forName", "newInstance"),
            "java.lang.reflect.Method", Set.of("invoke"),
            "java.lang.reflect.Constructor", Set.of("newInstance"),
            "java.lang.invoke.MethodHandles.Lookup", Set.of("findStatic", "findVirtual",
                    "findConstructor", "findSpecial", "findGetter", "findStaticGetter",
                    "unreflect", "findClass"),
            "java.util.ServiceLoader", Set.of("load", "loadInstalled"),
            "java.lang.ClassLoader", Set.of("loadClass"));

    private static final Map<String, Set<String>> INPUT = Map.ofEntries(
            Map.entry("java.nio.file.Files", Set.of("readAllBytes", "readAllLines", "readString",
                    "lines", "newInputStream", "newBufferedReader", "list", "walk", "find",
                    "size", "exists", "isRegularFile", "getLastModifiedTime", "newByteChannel")),
            Map.entry("java.io.FileInputStream", Set.of("<init>")),
            Map.entry("java.io.FileReader", Set.of("<init>")),
            Map.entry("java.io.RandomAccessFile", Set.of("<init>")),
            Map.entry("java.util.Scanner", Set.of("<init>")),
            Map.entry("java.io.File", Set.of("exists", "length", "lastModified", "list",
                    "listFiles", "isFile", "isDirectory")),
            Map.entry("java.net.URL", Set.of("openStream", "openConnection", "getContent")),
            Map.entry("java.net.Socket", Set.of("<init>")),
            Map.entry("java.net.http.HttpClient", Set.of("send", "sendAsync")),
            Map.entry("java.lang.System", Set.of("getenv", "getProperty", "getProperties",
                    "currentTimeMillis", "nanoTime")),
            Map.entry("java.lang.Integer", Set.of("getInteger")),
            Map.entry("java.lang.Long", Set.of("getLong")),
            Map.entry("java.lang.Boolean", Set.of("getBoolean")),
            Map.entry("java.time.Instant", Set.of("now")),
            Map.entry("java.time.LocalDate", Set.of("now")),
            Map.entry("java.time.LocalDateTime", Set.of("now")),
            Map.entry("java.time.LocalTime", Set.of("now")),
            Map.entry("java.time.ZonedDateTime", Set.of("now")),
            Map.entry("java.time.OffsetDateTime", Set.of("now")),
            Map.entry("java.time.Clock", Set.of("systemUTC", "systemDefaultZone")),
            Map.entry("java.util.Date", Set.of("<init>")));

    private SuspectCalls() {
    }

    /** The kind of blind spot a call of {@code method} is, if it is one. */
    static Optional<Kind> of(ExecutableElement method) {
        if (!(method.getEnclosingElement() instanceof TypeElement owner)) {
            return Optional.empty();
        }
        String ownerName = owner.getQualifiedName().toString();
        String name = method.getKind() == ElementKind.CONSTRUCTOR ? "<init>"
                : method.getSimpleName().toString();
        if (DYNAMIC.getOrDefault(ownerName, Set.of()).contains(name)) {
            return Optional.of(Kind.DYNAMIC);
        }
        if (INPUT.getOrDefault(ownerName, Set.of()).contains(name)) {
            // new Date(millis) and new Scanner(String) read nothing outside the code
            if (name.equals("<init>") && (ownerName.equals("java.util.Date")
                    || ownerName.equals("java.util.Scanner"))
                    && !method.getParameters().isEmpty()
                    && !(ownerName.equals("java.util.Scanner") && isFileLike(method))) {
                return Optional.empty();
            }
            return Optional.of(Kind.INPUT);
        }
        return Optional.empty();
    }

    private static boolean isFileLike(ExecutableElement constructor) {
        String first = constructor.getParameters().get(0).asType().toString();
        return first.equals("java.io.File") || first.equals("java.nio.file.Path");
    }
}
