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
 * interface call (in a class file, or in source on a type of any origin) to its implementation in
 * every class of the walk that is a subtype of the called type (class hierarchy analysis over the
 * classes the walk has met: those it calls, initializes or resolves through). The walk is a fixed
 * point: a class met after a virtual call is checked against the calls made so far, and a call
 * against the classes met so far, so the result depends neither on the order of the work nor on
 * what other factories' walks read before. JDK classes (they come with the JVM, not
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
    /** Every proper supertype by internal name, as far as class files on the class path tell. */
    private final Map<String, Set<String>> supertypes = new HashMap<>();

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
        /** Classes of the walk, by internal name: what class hierarchy analysis sees. */
        private final Set<String> met = new HashSet<>();
        /** Per supertype, the classes of the walk below it. */
        private final Map<String, List<ClassFileSummary>> subtypesMet = new HashMap<>();
        /** Per called type, the virtual calls made on it ("name descriptor"). */
        private final Map<String, Set<String>> virtualCalls = new HashMap<>();

        /** Reaches {@code method}; {@code descriptor} null means every method of that name. */
        void method(String owner, String name, String descriptor) {
            work.add(new MethodRef(owner, name, descriptor));
            run();
        }

        /**
         * A virtual or interface call made in source on {@code owner} (which may be a source type
         * or the JDK's): reaches its implementations in the classes of the walk below it, now and
         * when they are met later.
         */
        void virtualCall(String owner, String name, String descriptor) {
            virtualCall(new Call(Opcodes.INVOKEVIRTUAL, owner, name, descriptor, false));
            run();
        }

        /** Reaches the class's initialization: its header and static initializer. */
        void initialize(String internalName) {
            if (!initialized.add(internalName)) {
                return;
            }
            Optional<Loaded> loaded = meet(internalName);
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
                    virtualCall(call);
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

        /** Records a virtual call and reaches it in the subtypes met so far. */
        private void virtualCall(Call call) {
            String method = call.name() + " " + call.descriptor();
            if (!virtualCalls.computeIfAbsent(call.owner(), k -> new HashSet<>()).add(method)) {
                return;
            }
            for (ClassFileSummary subtype : subtypesMet.getOrDefault(call.owner(), List.of())) {
                // resolved from the subtype up: its own override, or the one it inherits
                work.add(new MethodRef(subtype.internalName(), call.name(), call.descriptor()));
            }
        }

        /**
         * Loads a class into the walk; the first time, reaches the virtual calls already made on
         * its supertypes in it.
         */
        private Optional<Loaded> meet(String internalName) {
            Optional<Loaded> loaded = load(internalName);
            if (loaded.isEmpty() || !met.add(internalName)) {
                return loaded;
            }
            ClassFileSummary summary = loaded.get().summary();
            for (String supertype : supertypesOf(internalName)) {
                subtypesMet.computeIfAbsent(supertype, k -> new ArrayList<>()).add(summary);
                for (String method : virtualCalls.getOrDefault(supertype, Set.of())) {
                    int space = method.indexOf(' ');
                    work.add(new MethodRef(internalName, method.substring(0, space),
                            method.substring(space + 1)));
                }
            }
            return loaded;
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
                Optional<Loaded> loaded = meet(type);
                if (loaded.isEmpty()) {
                    outside.add(type.replace('/', '.'));
                    continue;
                }
                ClassFileSummary summary = loaded.get().summary();
                boolean declared = false;
                for (ClassFileSummary.Declaration method : summary.declarations()) {
                    if (method.name().equals(ref.name()) && (ref.descriptor() == null
                            || method.descriptor().equals(ref.descriptor()))) {
                        found.add(new Declared(summary, summary.summary(method)));
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

    /** The proper supertypes of {@code internalName}, named even where not on the class path. */
    private Set<String> supertypesOf(String internalName) {
        Set<String> known = supertypes.get(internalName);
        if (known != null) {
            return known;
        }
        Set<String> all = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        load(internalName).ifPresent(l -> addDirectSupertypes(l.summary(), work));
        while (!work.isEmpty()) {
            String type = work.removeFirst();
            if (all.add(type)) {
                load(type).ifPresent(l -> addDirectSupertypes(l.summary(), work));
            }
        }
        supertypes.put(internalName, all);
        return all;
    }

    private static void addDirectSupertypes(ClassFileSummary summary, Deque<String> work) {
        if (summary.superName() != null) {
            work.add(summary.superName());
        }
        work.addAll(summary.interfaces());
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
