package io.cachedfactory.processor;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ClassFileMembers#read} learns from one class file: the class's header, and for
 * every method the hash of what it executes and the code it can reach. Names are JVM internal
 * names ({@code com/acme/Lib}), descriptors JVM descriptors. Access flags are the class file's 16
 * bits (ASM's pseudo flags such as {@code ACC_DEPRECATED} are masked off). Every list is in the
 * order of first appearance in the class file, without duplicates.
 *
 * @param internalName such as {@code com/acme/Lib}
 * @param superName {@code null} only for {@code java/lang/Object} and {@code module-info}
 * @param interfaces as declared
 * @param access the class's access flags
 * @param headerHash hex SHA-256 of the access flags, names, super, interfaces and fields (access,
 *     name, descriptor, constant value)
 * @param methods every method in class-file order, constructors, initializer, lambda bodies and
 *     bridges included
 */
record ClassFileSummary(String internalName, String superName, List<String> interfaces,
        int access, String headerHash, List<MethodSummary> methods) {

    ClassFileSummary {
        interfaces = List.copyOf(interfaces);
        methods = List.copyOf(methods);
    }

    /** The method named {@code name} with {@code descriptor}, if the class declares it. */
    Optional<MethodSummary> method(String name, String descriptor) {
        return methods.stream()
                .filter(m -> m.name().equals(name) && m.descriptor().equals(descriptor))
                .findFirst();
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
