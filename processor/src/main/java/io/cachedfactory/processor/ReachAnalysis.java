package io.cachedfactory.processor;

import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import io.cachedfactory.processor.MemberEdges.Call;
import io.cachedfactory.processor.SourceMembers.Member;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/*
 * What building an object can execute, computed from the code (the "reach"). Starting from the
 * entry points (the annotated constructors or static methods, @Traits and @Invariant methods, a
 * user codec), a worklist follows every edge MemberEdges records, until nothing new is reached:
 *
 *   - a reached member of a class compiled here adds that member, the class's declaration and its
 *     class initialization (static fields and blocks), and the same for its supertypes compiled
 *     here, since the JVM initializes them first;
 *   - a reached constructor adds its class's instance initialization (fields, {} blocks), and the
 *     superclass's no-argument constructor unless it starts with this(...) or super(...);
 *   - a virtual or interface call reaches the method and every implementation any class compiled
 *     here, subtype of the receiver's static type, would run instead (class hierarchy analysis:
 *     the implementation a subtype inherits counts too, say from a superclass outside the
 *     interface);
 *   - code outside the analysis (the JDK, a library) may call back any method of an object handed
 *     to it: a class instantiated in reached code has its overrides of methods declared outside
 *     this compilation reached as well (Comparator.compare, Iterator.next, hashCode...). The cached
 *     type itself is exempt unless its code hands out `this`: the object it builds reaches other
 *     code only once built, so its toString() and equals() do not decide what is built;
 *   - with the default codec, Java serialization calls hooks by name on what it stores and loads
 *     (writeObject, readObject, readResolve, writeReplace, readObjectNoData, writeExternal,
 *     readExternal, and an Externalizable's no-argument constructor): these count for the cached
 *     type and every class instantiated in reached code;
 *   - a call javac could not resolve reaches every method of that name compiled here.
 *
 * Members of local and anonymous classes and lambdas are part of the member whose text holds them.
 * Classes that are not compiled here are collected by kind: JDK classes by name only (their code
 * comes with the JVM, not the build), others (sibling modules, libraries) for the class-file
 * fingerprint; calls into generated factories of other cached types are collected as factory
 * dependencies, whose VERSION counts instead of their code.
 */

/** Computes what building a cached object can execute; one instance per compilation. */
final class ReachAnalysis {

    /**
     * What one factory's entry points reach.
     *
     * @param sourceMembers "class#member" of every reached member compiled here, to its hash
     * @param classFileComponents the components of reached code in class files (libraries,
     *     sibling modules), named {@code library:...} or {@code class:...}
     * @param namedOnly binary names of reached classes whose code is not hashed: the JDK's,
     *     cachedfactory's own and any whose class file could not be read
     * @param resources resource paths read by constant name in reached code
     * @param factories qualified names of other factories whose get methods reached code calls
     * @param sourceTypes reached classes compiled here
     */
    record Reach(SortedMap<String, String> sourceMembers,
            SortedMap<String, String> classFileComponents,
            SortedSet<String> namedOnly, SortedSet<String> resources, SortedSet<String> factories,
            Set<TypeElement> sourceTypes) {
    }

    /** Methods Java serialization calls by name (java.io.Serializable's specification). */
    private static final Set<String> SERIALIZATION_HOOKS = Set.of("writeObject", "readObject",
            "readObjectNoData", "writeReplace", "readResolve", "writeExternal", "readExternal");

    private final Trees trees;
    private final Elements elements;
    private final Types types;
    private final CallSiteWarnings warnings;
    private final ClassFileReach classFiles;
    private final Map<TypeElement, Optional<SourceMembers>> sourceMembers = new HashMap<>();
    private final Map<Tree, MemberEdges> edges = new HashMap<>();
    private final ClassHierarchy hierarchy;
    /** Every class compiled here, nested ones included: the hierarchy calls resolve against. */
    private final Set<TypeElement> compiledTypes = new LinkedHashSet<>();
    /** Factories written in this compilation, by simple and qualified name. */
    private final Map<String, String> factoryNames = new HashMap<>();

    ReachAnalysis(Trees trees, Elements elements, Types types, ClassFileReach classFiles,
            CallSiteWarnings warnings) {
        this.classFiles = classFiles;
        this.hierarchy = new ClassHierarchy(elements, types);
        this.trees = trees;
        this.elements = elements;
        this.types = types;
        this.warnings = warnings;
    }

    /** Adds the classes of a round, and their nested classes, to those calls resolve against. */
    void addCompiledTypes(Collection<? extends Element> roots) {
        Deque<Element> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            Element element = work.removeFirst();
            if (element instanceof TypeElement type && compiledTypes.add(type)) {
                work.addAll(ElementFilter.typesIn(type.getEnclosedElements()));
            }
        }
    }

    /** Tells the analysis of a factory this compilation writes, so calls to it are recognized. */
    void addFactory(String qualifiedName) {
        factoryNames.put(qualifiedName, qualifiedName);
        factoryNames.put(qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1),
                qualifiedName);
    }

    /**
     * What {@code entryPoints} reach; {@code cachedType} is the class the factory builds.
     *
     * @param javaSerialization whether objects are stored with Java serialization, which calls
     *     serialization hooks (writeObject, readResolve...) of the objects it stores
     */
    Reach reach(TypeElement cachedType, List<ExecutableElement> entryPoints,
            boolean javaSerialization) {
        Walk walk = new Walk(cachedType, javaSerialization);
        entryPoints.forEach(walk::executable);
        walk.run();
        return walk.result();
    }

    /** One walk from one factory's entry points. */
    private final class Walk {
        private final TypeElement cachedType;
        private final Deque<Runnable> work = new ArrayDeque<>();
        private final Set<Element> seen = new HashSet<>();
        private final Set<TypeElement> initialized = new HashSet<>();
        private final Set<TypeElement> instantiated = new LinkedHashSet<>();
        private final Set<TypeElement> escaping = new HashSet<>();
        private final Set<TypeElement> calledBack = new HashSet<>();
        private final SortedMap<String, String> members = new TreeMap<>();
        private final ClassFileReach.Walk classFileWalk = classFiles.new Walk();
        private final SortedSet<String> namedOnly = new TreeSet<>();
        private final SortedSet<String> resources = new TreeSet<>();
        private final SortedSet<String> factories = new TreeSet<>();
        private final Set<TypeElement> sources = new LinkedHashSet<>();

        private final boolean javaSerialization;
        private final Set<TypeElement> serialized = new HashSet<>();

        Walk(TypeElement cachedType, boolean javaSerialization) {
            this.cachedType = cachedType;
            this.javaSerialization = javaSerialization;
        }

        void run() {
            do {
                while (!work.isEmpty()) {
                    work.removeFirst().run();
                }
                // Instantiated classes may be called back by code outside the analysis.
                for (TypeElement type : List.copyOf(instantiated)) {
                    if ((!type.equals(cachedType) || escaping.contains(type))
                            && calledBack.add(type)) {
                        callbacks(type);
                    }
                }
                // Java serialization calls the hooks of what it stores and loads by reflection.
                if (javaSerialization) {
                    List<TypeElement> stored = new ArrayList<>(instantiated);
                    stored.add(cachedType);
                    for (TypeElement type : stored) {
                        if (serialized.add(type)) {
                            serializationHooks(type);
                        }
                    }
                }
            } while (!work.isEmpty());
        }

        Reach result() {
            namedOnly.addAll(classFileWalk.outside());
            resources.addAll(classFileWalk.resources());
            return new Reach(members, classFileWalk.components(), namedOnly, resources, factories,
                    sources);
        }

        void executable(ExecutableElement method) {
            if (!seen.add(method)) {
                return;
            }
            TypeElement owner = (TypeElement) method.getEnclosingElement();
            if (hierarchy.isInsideMember(owner)) {
                return; // a local or anonymous class: scanned with the member holding it
            }
            Optional<String> factory = generatedFactory(owner);
            if (factory.isPresent()) {
                factories.add(factory.get());
                return;
            }
            type(owner);
            boolean constructor = method.getKind() == ElementKind.CONSTRUCTOR;
            if (constructor) {
                instantiated.add(owner);
            }
            Optional<SourceMembers> source = source(owner);
            if (source.isEmpty()) {
                if (!hierarchy.isPlatform(owner)) {
                    classFileWalk.method(hierarchy.internalName(owner), method.getKind()
                            == ElementKind.CONSTRUCTOR ? "<init>"
                                    : method.getSimpleName().toString(),
                            hierarchy.descriptor(method));
                }
                return;
            }
            Optional<Member> member = source.get().member(method);
            member.ifPresent(m -> add(source.get(), m));
            if (constructor) {
                source.get().instanceInitialization().forEach(m -> add(source.get(), m));
                if (member.isEmpty() || member.get().path() == null
                        || !SourceMembers.startsWithConstructorCall(member.get().path())) {
                    superConstructors(owner);
                }
            }
        }

        void call(Call call) {
            executable(call.method());
            if (call.receiver() != null) {
                for (ExecutableElement override : hierarchy.overrides(call.method(),
                        call.receiver(), compiledTypes)) {
                    work.add(() -> executable(override));
                }
                // and the overrides in class files (a sibling module's, a library's)
                classFileWalk.virtualCall(hierarchy.internalName(call.receiver()),
                        call.method().getSimpleName().toString(),
                        hierarchy.descriptor(call.method()));
            }
        }

        void field(VariableElement field) {
            if (!(field.getEnclosingElement() instanceof TypeElement owner)
                    || hierarchy.isInsideMember(owner)) {
                return;
            }
            type(owner);
            source(owner).ifPresent(s -> s.member(field).ifPresent(m -> add(s, m)));
        }

        /** A class is used: its declaration and class initialization, and its supertypes'. */
        void type(TypeElement type) {
            if (!initialized.add(type) || hierarchy.isInsideMember(type)
                    || !hierarchy.isNamedClass(type)) {
                return;
            }
            Optional<SourceMembers> source = source(type);
            if (source.isPresent()) {
                sources.add(type);
                add(source.get(), source.get().header());
                source.get().classInitialization().forEach(m -> add(source.get(), m));
            } else if (hierarchy.isPlatform(type)) {
                namedOnly.add(type.getQualifiedName().toString());
                return; // the JDK's own supertypes are the JDK's
            } else {
                classFileWalk.initialize(hierarchy.internalName(type));
                return; // the class-file walk initializes its supertypes
            }
            for (TypeMirror supertype : types.directSupertypes(type.asType())) {
                if (supertype instanceof DeclaredType declared
                        && declared.asElement() instanceof TypeElement superElement) {
                    work.add(() -> type(superElement));
                }
            }
        }

        private void add(SourceMembers source, Member member) {
            String name = source.type().getQualifiedName() + "#" + member.name();
            if (members.put(name, member.hash()) != null || member.path() == null) {
                return;
            }
            TypeElement owner = source.type();
            MemberEdges found = edges.computeIfAbsent(member.path().getLeaf(),
                    leaf -> BodyScanner.scan(member.path(), owner, trees, elements,
                            warnings::report));
            if (found.thisEscapes) {
                escaping.add(owner);
            }
            found.calls.forEach(c -> work.add(() -> call(c)));
            found.constructors.forEach(c -> work.add(() -> executable(c)));
            found.fields.forEach(f -> work.add(() -> field(f)));
            found.initialized.forEach(t -> work.add(() -> type(t)));
            for (MemberEdges.UnresolvedCall call : found.unresolvedCalls) {
                String factory = call.receiverType() == null ? null
                        : factoryNames.get(call.receiverType());
                if (factory != null) {
                    factories.add(factory);
                } else {
                    work.add(() -> everyMethodNamed(call.method()));
                }
            }
            for (String typeName : found.unresolvedTypes) {
                String factory = factoryNames.get(typeName);
                if (factory != null) {
                    factories.add(factory);
                }
            }
            resources.addAll(found.resources);
        }

        private void superConstructors(TypeElement type) {
            TypeMirror superclass = type.getSuperclass();
            if (superclass.getKind() != TypeKind.DECLARED) {
                return;
            }
            TypeElement superElement = (TypeElement) ((DeclaredType) superclass).asElement();
            for (ExecutableElement constructor
                    : ElementFilter.constructorsIn(superElement.getEnclosedElements())) {
                if (constructor.getParameters().isEmpty() || superElement.getKind()
                        == ElementKind.ENUM) {
                    work.add(() -> executable(constructor));
                }
            }
            type(superElement);
        }

        private void everyMethodNamed(String name) {
            for (TypeElement type : compiledTypes) {
                for (ExecutableElement method : ElementFilter.methodsIn(
                        type.getEnclosedElements())) {
                    if (method.getSimpleName().contentEquals(name)) {
                        executable(method);
                    }
                }
            }
        }

        /**
         * The methods Java serialization calls by name on {@code type}'s objects, and the
         * no-argument constructor it calls for an Externalizable one.
         */
        private void serializationHooks(TypeElement type) {
            for (Element member : type.getEnclosedElements()) {
                if (member instanceof ExecutableElement method && (SERIALIZATION_HOOKS.contains(
                        method.getSimpleName().toString())
                        || (method.getKind() == ElementKind.CONSTRUCTOR
                                && method.getParameters().isEmpty()))) {
                    boolean constructor = method.getKind() == ElementKind.CONSTRUCTOR;
                    if (!constructor || hierarchy.isExternalizable(type)) {
                        work.add(() -> executable(method));
                    }
                }
            }
        }

        /** Methods of {@code type} that override a method declared outside this compilation. */
        private void callbacks(TypeElement type) {
            if (source(type).isEmpty()) {
                return;
            }
            for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
                if (hierarchy.overridesOutside(method, type, t -> source(t).isEmpty())) {
                    work.add(() -> executable(method));
                }
            }
        }

    }

    private Optional<SourceMembers> source(TypeElement type) {
        return sourceMembers.computeIfAbsent(type,
                t -> SourceMembers.of(t, trees, elements, types));
    }

    /** The qualified factory name when {@code type} is a factory this processor generated. */
    private Optional<String> generatedFactory(TypeElement type) {
        String name = type.getQualifiedName().toString();
        if (factoryNames.containsKey(name)) {
            return Optional.of(name);
        }
        boolean generated = Mirrors.find(type, "javax.annotation.processing.Generated")
                .map(g -> Mirrors.value(g, "value").toString()
                        .contains(CachedFactoryProcessor.class.getName()))
                .orElse(false);
        return generated ? Optional.of(name) : Optional.empty();
    }
}
