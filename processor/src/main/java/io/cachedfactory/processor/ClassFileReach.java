package io.cachedfactory.processor;

import io.cachedfactory.common.ComponentNames;
import io.cachedfactory.common.FingerprintDigest;
import io.cachedfactory.processor.ClassFileSummary.Call;
import io.cachedfactory.processor.ClassFileSummary.MethodSummary;
import io.cachedfactory.processor.ClassFileSummary.ResourceName;
import io.cachedfactory.processor.JarCoordinates.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import org.objectweb.asm.Opcodes;

/*
 * The part of a build's reach that lies in class files: a sibling module's classes or a library
 * jar. Their code is hashed from bytecode (ClassFileMembers: debug data never counts), member by
 * member as for sources: a reached method adds its hash, its class's header and static initializer,
 * and the same for the superclasses the JVM initializes first; its calls are followed, a virtual or
 * interface call to every override among the class files read so far (the classes the analysis
 * sees), and to the implementation a subclass inherits. JDK classes (they come with the JVM, not
 * the build) and cachedfactory's own (versioned by the format and codec components) are named,
 * not hashed.
 *
 * Members are grouped by where their class file comes from. A jar whose pom.properties gives Maven
 * coordinates becomes one component, library:<groupId>:<artifactId>, valued
 * "<version> sha256:<hex>":
 * the version is part of it, so an upgrade always counts (even one whose reached code is the same:
 * a jar can change in ways no bytecode walk sees, such as its own resources), and a diff can say
 * "1.0 -> 1.1". Anything else (a classes directory, a jar without coordinates) becomes one
 * class:<binary name> component per class, valued "sha256:<hex>" over that class's reached members.
 */

/** Follows a build's calls through class files and hashes what they reach. */
final class ClassFileReach {

    /** A method in a class file, by JVM internal class name, method name and descriptor. */
    record MethodRef(String owner, String name, String descriptor) {
    }

    private final Filer filer;
    private final JarCoordinates coordinates = new JarCoordinates();
    /** Summaries by internal name; empty for classes not on the class path (the JDK's). */
    private final Map<String, Optional<Loaded>> classes = new HashMap<>();

    private record Loaded(ClassFileSummary summary, Optional<Origin> origin) {
    }

    ClassFileReach(Filer filer) {
        this.filer = filer;
    }

    /** One walk through class files, for one factory. */
    final class Walk {
        private final Deque<MethodRef> work = new ArrayDeque<>();
        private final Set<MethodRef> seen = new HashSet<>();
        private final Set<String> initialized = new HashSet<>();
        /** Per class: member ("name descriptor", "class", "<clinit>") to hash. */
        private final Map<String, SortedMap<String, String>> members = new TreeMap<>();
        private final SortedSet<String> resources = new TreeSet<>();
        private final SortedSet<String> outside = new TreeSet<>();

        /** Reaches {@code method}; {@code descriptor} null means every method of that name. */
        void method(String owner, String name, String descriptor) {
            work.add(new MethodRef(owner, name, descriptor));
            run();
        }

        /** Reaches the class's initialization: its header and static initializer. */
        void initialize(String internalName) {
            if (!initialized.add(internalName)) {
                return;
            }
            Optional<Loaded> loaded = load(internalName);
            if (loaded.isEmpty()) {
                outside.add(internalName.replace('/', '.'));
                return;
            }
            ClassFileSummary summary = loaded.get().summary();
            member(internalName, "class", summary.headerHash());
            summary.method("<clinit>", "()V").ifPresent(clinit -> reached(summary, clinit));
            if (summary.superName() != null) {
                initialize(summary.superName());
            }
        }

        /** Classes reached that are not on the class path (the JDK's), by binary name. */
        SortedSet<String> outside() {
            return outside;
        }

        /** Resource paths read by constant name in reached class-file code. */
        SortedSet<String> resources() {
            return resources;
        }

        /**
         * The components: one per library with coordinates, one per other class.
         *
         * @return component name (without prefix kind) to value; keys start with
         *     {@code library:} or {@code class:}
         */
        SortedMap<String, String> components() {
            Map<String, SortedMap<String, String>> byLibrary = new TreeMap<>();
            Map<String, String> versions = new HashMap<>();
            SortedMap<String, String> result = new TreeMap<>();
            members.forEach((internalName, classMembers) -> {
                Optional<Origin> origin = load(internalName).flatMap(Loaded::origin);
                Optional<JarCoordinates.Coordinates> library =
                        origin.flatMap(Origin::coordinates);
                if (library.isPresent()) {
                    String key = library.get().groupId() + ":" + library.get().artifactId();
                    versions.put(key, library.get().version());
                    SortedMap<String, String> all = byLibrary.computeIfAbsent(key,
                            k -> new TreeMap<>());
                    classMembers.forEach((m, hash) -> all.put(internalName + "#" + m, hash));
                } else {
                    result.put(ComponentNames.CLASS + internalName.replace('/', '.'),
                            ComponentNames.SHA256_VALUE + digest(classMembers));
                }
            });
            byLibrary.forEach((key, all) -> result.put(ComponentNames.LIBRARY + key,
                    ComponentNames.libraryValue(versions.get(key), digest(all))));
            return result;
        }

        private void run() {
            while (!work.isEmpty()) {
                MethodRef ref = work.removeFirst();
                if (!seen.add(ref)) {
                    continue;
                }
                List<Declared> declarations = resolve(ref);
                if (declarations.isEmpty() && ref.descriptor() != null) {
                    // javac adds parameters the source does not show (an inner class's outer
                    // instance, an enum's name and ordinal): take every method of that name
                    declarations = resolve(new MethodRef(ref.owner(), ref.name(), null));
                }
                for (Declared declared : declarations) {
                    reached(declared.summary(), declared.method());
                }
            }
        }

        private void reached(ClassFileSummary summary, MethodSummary method) {
            String owner = summary.internalName();
            if (member(owner, method.name() + " " + method.descriptor(), method.hash()) != null) {
                return;
            }
            initialize(owner);
            for (Call call : method.calls()) {
                work.add(new MethodRef(call.owner(), call.name(), call.descriptor()));
                if (call.opcode() == Opcodes.INVOKEVIRTUAL
                        || call.opcode() == Opcodes.INVOKEINTERFACE) {
                    overrides(call);
                }
            }
            method.initializedClasses().forEach(this::initialize);
            for (ResourceName resource : method.resourceNames()) {
                resources.add(resource.path());
            }
        }

        private String member(String internalName, String member, String hash) {
            return members.computeIfAbsent(internalName, k -> new TreeMap<>()).put(member, hash);
        }

        /** Overrides of the called method in the class files read so far. */
        private void overrides(Call call) {
            for (Map.Entry<String, Optional<Loaded>> entry : List.copyOf(classes.entrySet())) {
                if (entry.getValue().isEmpty() || entry.getKey().equals(call.owner())
                        || !isSubtype(entry.getKey(), call.owner())) {
                    continue;
                }
                entry.getValue().get().summary().method(call.name(), call.descriptor())
                        .ifPresent(m -> work.add(new MethodRef(entry.getKey(), call.name(),
                                call.descriptor())));
            }
        }

        /** The declarations a call of {@code ref} can run: in the class or inherited. */
        private List<Declared> resolve(MethodRef ref) {
            List<Declared> found = new ArrayList<>();
            Deque<String> types = new ArrayDeque<>(List.of(ref.owner()));
            Set<String> visited = new HashSet<>();
            while (!types.isEmpty()) {
                String type = types.removeFirst();
                if (!visited.add(type)) {
                    continue;
                }
                Optional<Loaded> loaded = load(type);
                if (loaded.isEmpty()) {
                    outside.add(type.replace('/', '.'));
                    continue;
                }
                ClassFileSummary summary = loaded.get().summary();
                boolean declared = false;
                for (MethodSummary method : summary.methods()) {
                    if (method.name().equals(ref.name()) && (ref.descriptor() == null
                            || method.descriptor().equals(ref.descriptor()))) {
                        found.add(new Declared(summary, method));
                        declared = true;
                    }
                }
                if (!declared || ref.descriptor() == null) {
                    if (summary.superName() != null) {
                        types.add(summary.superName());
                    }
                    types.addAll(summary.interfaces());
                }
            }
            return found;
        }
    }

    private record Declared(ClassFileSummary summary, MethodSummary method) {
    }

    private boolean isSubtype(String type, String supertype) {
        Deque<String> work = new ArrayDeque<>(List.of(type));
        Set<String> visited = new HashSet<>();
        while (!work.isEmpty()) {
            String current = work.removeFirst();
            if (current.equals(supertype)) {
                return true;
            }
            if (!visited.add(current)) {
                continue;
            }
            Optional<Loaded> loaded = classes.getOrDefault(current, Optional.empty());
            if (loaded.isPresent()) {
                ClassFileSummary summary = loaded.get().summary();
                if (summary.superName() != null) {
                    work.add(summary.superName());
                }
                work.addAll(summary.interfaces());
            }
        }
        return false;
    }

    private Optional<Loaded> load(String internalName) {
        return classes.computeIfAbsent(internalName, name -> {
            if (isPlatform(name)) {
                return Optional.empty();
            }
            int slash = name.lastIndexOf('/');
            String packageName = slash < 0 ? "" : name.substring(0, slash).replace('/', '.');
            try {
                FileObject file = filer.getResource(StandardLocation.CLASS_PATH, packageName,
                        name.substring(slash + 1) + ".class");
                byte[] bytes;
                try (InputStream in = file.openInputStream()) {
                    bytes = in.readAllBytes();
                }
                URI uri = file.toUri();
                return Optional.of(new Loaded(ClassFileMembers.read(bytes),
                        coordinates.originOf(uri)));
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // not a class file on the class path
            }
        });
    }

    /**
     * Classes named, never hashed: the JDK's come with the JVM, not the build; cachedfactory's
     * own (annotations, runtime) are versioned by the format and codec components, so that an
     * upgrade of the library does not rebuild every stored object.
     */
    static boolean isPlatform(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/")
                || internalName.startsWith("jdk/") || internalName.startsWith("sun/")
                || internalName.startsWith("com/sun/")
                || internalName.startsWith("io/cachedfactory/");
    }

    private static String digest(SortedMap<String, String> members) {
        StringBuilder text = new StringBuilder();
        members.forEach((name, hash) -> text.append(name).append(' ').append(hash).append('\n'));
        return FingerprintDigest.sha256Hex(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
