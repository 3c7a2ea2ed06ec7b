package io.cachedfactory.processor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@link ClassFileMembers#read} learns from one class file: the class's header, its methods'
 * declarations, and for each method, on first demand, the hash of what it executes and the code it
 * can reach (most methods of a library class are never reached, so they are never hashed). Names
 * are JVM internal names ({@code com/acme/Lib}), descriptors JVM descriptors. Access flags are the
 * class file's 16 bits (ASM's pseudo flags such as {@code ACC_DEPRECATED} are masked off). Every
 * list is in the order of first appearance in the class file, without duplicates.
 */
final class ClassFileSummary {

    private final String internalName;
    private final String superName;
    private final List<String> interfaces;
    private final int access;
    private final String headerHash;
    private final List<Declaration> declarations;
    private final Function<Declaration, MethodSummary> summarizer;
    private final Map<Declaration, MethodSummary> summaries = new HashMap<>();

    /**
     * @param internalName such as {@code com/acme/Lib}
     * @param superName {@code null} only for {@code java/lang/Object} and {@code module-info}
     * @param interfaces as declared
     * @param access the class's access flags
     * @param headerHash hex SHA-256 of the access flags, names, super, interfaces and fields
     *     (access, name, descriptor, constant value)
     * @param declarations every method in class-file order, constructors, initializer, lambda
     *     bodies and bridges included
     * @param summarizer reads one declared method's summary from the class file
     */
    ClassFileSummary(String internalName, String superName, List<String> interfaces, int access,
            String headerHash, List<Declaration> declarations,
            Function<Declaration, MethodSummary> summarizer) {
        this.internalName = internalName;
        this.superName = superName;
        this.interfaces = List.copyOf(interfaces);
        this.access = access;
        this.headerHash = headerHash;
        this.declarations = List.copyOf(declarations);
        this.summarizer = summarizer;
    }

    /** A method as declared: enough to resolve a call without reading its code. */
    record Declaration(String name, String descriptor, int access) {
    }

    String internalName() {
        return internalName;
    }

    String superName() {
        return superName;
    }

    List<String> interfaces() {
        return interfaces;
    }

    int access() {
        return access;
    }

    String headerHash() {
        return headerHash;
    }

    /** Every method's declaration, in class-file order. */
    List<Declaration> declarations() {
        return declarations;
    }

    /** The method named {@code name} with {@code descriptor}, if the class declares it. */
    Optional<MethodSummary> method(String name, String descriptor) {
        return declarations.stream()
                .filter(d -> d.name().equals(name) && d.descriptor().equals(descriptor))
                .findFirst()
                .map(this::summary);
    }

    /** The summary of a declared method, read from the class file the first time. */
    MethodSummary summary(Declaration declaration) {
        return summaries.computeIfAbsent(declaration, summarizer);
    }

    /** Every method's summary, in class-file order (reads them all). */
    List<MethodSummary> methods() {
        return declarations.stream().map(this::summary).toList();
    }

    /** Equal when the header and every method's summary are (reads them all). */
    @Override
    public boolean equals(Object other) {
        return other instanceof ClassFileSummary that && internalName.equals(that.internalName)
                && Objects.equals(superName, that.superName) && interfaces.equals(that.interfaces)
                && access == that.access && headerHash.equals(that.headerHash)
                && methods().equals(that.methods());
    }

    @Override
    public int hashCode() {
        return Objects.hash(internalName, headerHash);
    }

    @Override
    public String toString() {
        return "ClassFileSummary[" + internalName + " header " + headerHash + ", "
                + declarations.size() + " methods]";
    }

    /**
     * One method and its outgoing edges.
     *
     * @param name such as {@code <init>} or {@code lambda$build$0}
     * @param descriptor such as {@code (Ljava/lang/String;)V}
     * @param access the method's access flags
     * @param hash hex SHA-256 of the canonical form of everything that affects what the method
     *     executes, debug information excluded (see {@link ClassFileMembers})
     * @param calls methods it invokes, or whose handle it loads or passes to a bootstrap method
     *     (lambda bodies, method references, the bootstrap methods themselves)
     * @param initializedClasses classes whose static initializer it can trigger through a static
     *     field access or {@code new} (static calls are in {@code calls})
     * @param resourceNames resources it looks up by a constant name
     */
    record MethodSummary(String name, String descriptor, int access, String hash,
            List<Call> calls, List<String> initializedClasses,
            List<ResourceName> resourceNames) {

        MethodSummary {
            calls = List.copyOf(calls);
            initializedClasses = List.copyOf(initializedClasses);
            resourceNames = List.copyOf(resourceNames);
        }
    }

    /**
     * One call edge. A method handle counts as the invoke instruction it stands for: {@code
     * REF_newInvokeSpecial} as {@code INVOKESPECIAL} of the constructor.
     *
     * @param opcode {@code Opcodes.INVOKEVIRTUAL}, {@code INVOKESPECIAL}, {@code INVOKESTATIC} or
     *     {@code INVOKEINTERFACE}
     * @param owner the class named in the instruction or handle (not necessarily the declaring one)
     * @param isInterface whether {@code owner} is an interface
     */
    record Call(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    }

    /**
     * A resource looked up with a constant name: {@code Class.getResource[AsStream]} or one of
     * {@code ClassLoader}'s {@code getResource}, {@code getResourceAsStream}, {@code
     * getResources}, {@code getSystemResource[AsStream]}, {@code getSystemResources}.
     *
     * @param path the name as the class loader sees it: a {@code Class} lookup's relative name
     *     resolved against the package of the class literal it was called on ({@code
     *     Foo.class.getResource}) or else of the class being read ({@code getClass().getResource}),
     *     a leading {@code /} stripped; a {@code ClassLoader} name as written
     * @param literal the string constant as written in the code
     * @param viaClass whether the lookup went through {@code java.lang.Class}
     */
    record ResourceName(String path, String literal, boolean viaClass) {
    }
}
