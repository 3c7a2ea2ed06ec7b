package io.cachedfactory.processor;

import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.cachedfactory.Sensitivity;
import io.cachedfactory.common.ComponentNames;
import io.cachedfactory.common.FingerprintDigest;
import io.cachedfactory.common.StoreFormat;
import io.cachedfactory.processor.FactoryFingerprint.Component;
import io.cachedfactory.processor.FactoryModel.VersionCounter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import javax.annotation.processing.Filer;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;

/*
 * The fingerprint's components and how they are named:
 *
 *   format:1                    "1"                   the store format version (StoreFormat)
 *   codec:fory-1.6.0/1          "fory-1.6.0/1": a built-in codec's id (StoreFormat), the
 *                               default or java-serialization/2
 *   codec:<codec fqcn>          "<fqcn>"; the codec's code counts through the reach
 *   source:<class>#<member>     "sha256:<hex>" of each member the build reaches (ReachAnalysis,
 *                               SourceMembers); omitted under MANUAL
 *   library:<group>:<artifact>  "<version> sha256:<hex>", class:<binary name> "sha256:<hex>":
 *                               reached code in class files (ClassFileReach)
 *   factory:<factory>           the VERSION of another factory the build calls
 *   source:<fqcn>               code value of a class named in dependsOn (transitively through
 *                               @CacheDependency): it stands for what no analysis sees
 *   resource:<path>             "sha256:<hex of the file's bytes>", or "absent" for a resource the
 *                               code reads by a constant name that is not there yet
 *   version:<owner>             the counter, in decimal
 *
 * A dependsOn class's code value is, in order of preference:
 *   "sha256:<hex>"        SHA-256 of the normalized compilation unit of its top-level class, cache
 *                         annotations cut (CacheAnnotations), found in this compilation (via
 *                         Trees) or on the source path; named after the top-level class
 *   "class-sha256:<hex>"  SHA-256 of the class's own .class file on the class path (a jar)
 *   "unread"              neither could be read (for example JDK classes): only the name counts
 *
 * Declared dependencies and resources are read from the @CacheDependency and @CachedFactory
 * annotations of the cached type and of every class the build reaches; visited classes are
 * remembered, so cycles end. Resources are looked up in the class output, then the source path,
 * then the class path. Without javac's Trees (another compiler) there is no reach: the cached
 * type's whole file counts, as a dependsOn class does.
 */

/** Computes a factory's fingerprint at build time; reports resources that cannot be found. */
final class Fingerprinter {

    private static final List<JavaFileManager.Location> RESOURCE_LOCATIONS = List.of(
            StandardLocation.CLASS_OUTPUT, StandardLocation.SOURCE_PATH,
            StandardLocation.CLASS_PATH);

    private final Elements elements;
    private final Filer filer;
    private final Trees trees;
    /** The analysis of what a build reaches; null when the compiler is not javac. */
    private final ReachAnalysis reach;
    private final Reporter reporter;
    private final Map<String, Code> codeCache = new HashMap<>();

    /**
     * @param trees javac's trees, or null when the compiler is not javac (then sources come from
     *     the source path only)
     */
    Fingerprinter(Elements elements, Filer filer, Trees trees, ReachAnalysis reach,
            Reporter reporter) {
        this.reach = reach;
        this.elements = elements;
        this.filer = filer;
        this.trees = trees;
        this.reporter = reporter;
    }

    /**
     * The fingerprint of {@code model}, or empty after reporting a missing resource.
     *
     * @param factoryVersions the VERSION of another factory, by qualified name, for the builds
     *     that call it
     */
    Optional<FactoryFingerprint> fingerprint(FactoryModel model,
            Function<String, String> factoryVersions) {
        TreeMap<String, Component> components = new TreeMap<>();
        String format = StoreFormat.FORMAT;
        add(components, ComponentNames.FORMAT + format, format, "the store format " + format);
        boolean manual = model.settings().sensitivity() == Sensitivity.MANUAL;

        Optional<TypeElement> codec = model.settings().codec();
        if (codec.isEmpty()) {
            String id = model.settings().builtInCodec().id();
            add(components, ComponentNames.CODEC + id, id, "the codec " + id);
        } else {
            // Its code counts through the reach: every member is an entry point.
            String name = codec.get().getQualifiedName().toString();
            add(components, ComponentNames.CODEC + name, name, "the codec " + name);
        }

        for (VersionCounter version : model.settings().versions()) {
            add(components, ComponentNames.VERSION + version.owner(),
                    Integer.toString(version.value()),
                    version.owner() + "'s counter, now " + version.value());
        }

        Map<String, TypeElement> resourceOwners = new LinkedHashMap<>();
        Set<String> foundResources = new TreeSet<>();
        TreeSet<String> namedOnly = new TreeSet<>();
        // The cached type and the classes its build reaches count member by member (below);
        // their @CacheDependency annotations still declare what the analysis cannot see.
        Set<TypeElement> analysed = new LinkedHashSet<>();
        analysed.add(model.cachedType());
        if (!manual && reach != null) {
            ReachAnalysis.Reach reached = reach.reach(model.cachedType(), entryPoints(model),
                    codec.isEmpty());
            reached.sourceMembers().forEach((member, hash) -> add(components,
                    ComponentNames.SOURCE + member, ComponentNames.SHA256_VALUE + hash,
                    "the source of " + member));
            reached.classFileComponents().forEach((name, value) -> add(components, name, value,
                    name.startsWith(ComponentNames.LIBRARY)
                            ? "the reached code of " + name.substring(ComponentNames.LIBRARY
                                    .length()) + " " + ComponentNames.libraryVersion(value)
                            : "the reached code of the class file of " + name.substring(
                                    ComponentNames.CLASS.length())));
            for (String factory : reached.factories()) {
                String version = factoryVersions.apply(factory);
                add(components, ComponentNames.FACTORY + factory, version,
                        "the VERSION of " + factory + ", whose get this code calls");
            }
            foundResources.addAll(reached.resources());
            analysed.addAll(reached.sourceTypes());
            namedOnly.addAll(reached.namedOnly());
        }
        // Classes named in dependsOn count as whole files: they stand for what no analysis sees.
        Deque<TypeElement> declared = new ArrayDeque<>();
        if (!manual && reach == null) {
            declared.add(model.cachedType()); // no trees (not javac): the whole file counts
        }
        for (TypeElement type : analysed) {
            declaredDependencies(type, declared, resourceOwners);
        }
        Set<String> wholeFiles = new HashSet<>();
        while (!declared.isEmpty()) {
            TypeElement type = declared.removeFirst();
            if (!wholeFiles.add(type.getQualifiedName().toString())) {
                continue;
            }
            if (!manual) {
                Code code = code(type);
                add(components, ComponentNames.SOURCE + code.name(), code.value(),
                        code.description());
            }
            declaredDependencies(type, declared, resourceOwners);
        }

        for (String path : foundResources) {
            if (!resourceOwners.containsKey(path)) {
                // Read by the code, not declared: when missing now it may come later, so its
                // absence counts, and the runtime hashes it once it is there.
                Optional<byte[]> bytes = readResource(path, new ArrayList<>());
                add(components, ComponentNames.RESOURCE + path, bytes.map(b ->
                        ComponentNames.SHA256_VALUE + FingerprintDigest.sha256Hex(b))
                        .orElse(ComponentNames.ABSENT_VALUE), "resource " + path
                        + ", which reached code reads by name");
            }
        }
        boolean missing = false;
        for (Map.Entry<String, TypeElement> resource : resourceOwners.entrySet()) {
            String path = resource.getKey();
            List<String> lookedIn = new ArrayList<>();
            Optional<byte[]> bytes = readResource(path, lookedIn);
            if (bytes.isPresent()) {
                add(components, ComponentNames.RESOURCE + path,
                        ComponentNames.SHA256_VALUE + FingerprintDigest.sha256Hex(bytes.get()),
                        "resource " + path);
            } else {
                missing = true;
                TypeElement owner = resource.getValue();
                String declaredOn = owner.equals(model.cachedType()) ? ""
                        : " (declared on " + owner.getQualifiedName() + ")";
                reporter.report(Message.RESOURCE_MISSING, model.settings().element(),
                        model.settings().annotation(),
                        Mirrors.value(model.settings().annotation(), "resources"), path,
                        declaredOn, String.join(", ", lookedIn));
            }
        }
        if (missing) {
            return Optional.empty();
        }
        return Optional.of(FactoryFingerprint.of(List.copyOf(components.values()), namedOnly));
    }

    private static void add(Map<String, Component> components, String name, String value,
            String description) {
        components.put(name, new Component(name, value, description));
    }

    /** Adds the dependencies and resources {@code type} declares to those to hash. */
    private static void declaredDependencies(TypeElement type, Deque<TypeElement> work,
            Map<String, TypeElement> resourceOwners) {
        for (AnnotationMirror mirror : dependencyAnnotations(type)) {
            for (AnnotationValue value : Mirrors.list(mirror, "dependsOn")) {
                if (value.getValue() instanceof TypeMirror dependency
                        && dependency.getKind() == TypeKind.DECLARED) {
                    work.addLast((TypeElement) ((DeclaredType) dependency).asElement());
                }
            }
            for (AnnotationValue value : Mirrors.list(mirror, "resources")) {
                resourceOwners.putIfAbsent((String) value.getValue(), type);
            }
        }
    }

    /** The entry points of a factory's build: what the generated code calls on load or build. */
    private static List<ExecutableElement> entryPoints(FactoryModel model) {
        List<ExecutableElement> entries = new ArrayList<>();
        model.methods().forEach(method -> entries.add(method.element()));
        List<ExecutableElement> methods = ElementFilter.methodsIn(
                model.cachedType().getEnclosedElements());
        for (ExecutableElement method : methods) {
            String name = method.getSimpleName().toString();
            boolean traits = model.traits().map(t -> t.methodName().equals(name)).orElse(false);
            boolean invariant = model.invariants().contains(name)
                    && method.getParameters().isEmpty();
            if (traits || invariant) {
                entries.add(method);
            }
        }
        model.settings().codec().ifPresent(codec -> codec.getEnclosedElements().stream()
                .filter(e -> e instanceof ExecutableElement)
                .forEach(e -> entries.add((ExecutableElement) e)));
        return entries;
    }

    /** The annotations on {@code type} and its members that declare further dependencies. */
    private static List<AnnotationMirror> dependencyAnnotations(TypeElement type) {
        List<AnnotationMirror> mirrors = new ArrayList<>();
        Mirrors.find(type, Mirrors.CACHE_DEPENDENCY).ifPresent(mirrors::add);
        Mirrors.find(type, Mirrors.CACHED_FACTORY).ifPresent(mirrors::add);
        for (Element member : type.getEnclosedElements()) {
            if (member.getKind() == ElementKind.CONSTRUCTOR
                    || member.getKind() == ElementKind.METHOD) {
                Mirrors.find(member, Mirrors.CACHED_FACTORY).ifPresent(mirrors::add);
            }
        }
        return mirrors;
    }

    /** The code value of one class; see the notes at the top of this file. */
    private Code code(TypeElement type) {
        return codeCache.computeIfAbsent(type.getQualifiedName().toString(), name -> {
            TypeElement topLevel = Mirrors.topLevel(type);
            String topLevelName = topLevel.getQualifiedName().toString();
            Optional<CharSequence> source = source(topLevel);
            if (source.isPresent()) {
                String normalized = CacheAnnotations.cut(
                        SourceNormalizer.normalize(source.get()));
                return new Code(topLevelName, ComponentNames.SHA256_VALUE
                        + FingerprintDigest.sha256Hex(normalized.getBytes(StandardCharsets.UTF_8)),
                        "all of the source of " + topLevelName + " (named in dependsOn)");
            }
            Optional<byte[]> classFile = classFile(elements.getBinaryName(type).toString());
            if (classFile.isPresent()) {
                return new Code(name, "class-sha256:"
                        + FingerprintDigest.sha256Hex(classFile.get()),
                        "the class file of " + name);
            }
            return new Code(name, "unread",
                    "the name of " + name + ", whose source and class file could not be read");
        });
    }

    private Optional<CharSequence> source(TypeElement topLevel) {
        try {
            if (trees != null) {
                TreePath path = trees.getPath(topLevel);
                if (path != null) {
                    return Optional.of(path.getCompilationUnit().getSourceFile()
                            .getCharContent(true));
                }
            }
            String packageName = Mirrors.packageOf(topLevel).getQualifiedName().toString();
            FileObject file = filer.getResource(StandardLocation.SOURCE_PATH, packageName,
                    topLevel.getSimpleName() + ".java");
            return Optional.of(file.getCharContent(true));
        } catch (IOException | RuntimeException e) {
            // Not in this compilation and not on the source path: try the class file.
            return Optional.empty();
        }
    }

    private Optional<byte[]> classFile(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        String packageName = dot < 0 ? "" : binaryName.substring(0, dot);
        String fileName = binaryName.substring(dot + 1) + ".class";
        try {
            FileObject file = filer.getResource(StandardLocation.CLASS_PATH, packageName,
                    fileName);
            try (InputStream in = file.openInputStream()) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<byte[]> readResource(String path, List<String> lookedIn) {
        for (JavaFileManager.Location location : RESOURCE_LOCATIONS) {
            String where = location.getName().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ');
            FileObject file = null;
            try {
                file = filer.getResource(location, "", path);
                try (InputStream in = file.openInputStream()) {
                    return Optional.of(in.readAllBytes());
                }
            } catch (IOException | RuntimeException e) {
                lookedIn.add(file == null ? "the " + where
                        : "the " + where + " (" + file.toUri() + ")");
            }
        }
        return Optional.empty();
    }

    /** A class's code value: the component name's class, value and plain-words description. */
    private record Code(String name, String value, String description) {
    }
}
