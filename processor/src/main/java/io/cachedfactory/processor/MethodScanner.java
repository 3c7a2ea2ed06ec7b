package io.cachedfactory.processor;

import io.cachedfactory.processor.ClassFileSummary.Call;
import io.cachedfactory.processor.ClassFileSummary.MethodSummary;
import io.cachedfactory.processor.ClassFileSummary.ResourceName;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/*
 * Design notes.
 *
 * One pass over a method feeds two things: the canonical form described in ClassFileMembers into
 * a CanonicalDigest (each visit writes a tag for its kind, the opcode and every operand; labels as
 * ordinals in order of first appearance), and the method's edges.
 *
 * Edges: invoke instructions are calls; method handles (ldc of a Handle, the bootstrap method of an
 * invokedynamic or a dynamic constant and their arguments, recursively) are calls too, which is how
 * a lambda body lambda$x$0 or a method reference becomes an edge of the method that creates it.
 * GETSTATIC/PUTSTATIC owners, NEW types and the owners of static-field and constructor handles are
 * classes whose initializer may run.
 *
 * Resource names: javac compiles Foo.class.getResource("x") to ldc Foo; ldc "x"; invokevirtual, so
 * the argument is the ldc immediately before the call, and the receiver, if it is a class literal,
 * the ldc before that. Any other argument (a variable, a concatenation) is not a constant name and
 * is not recorded; its parts still appear among the string constants.
 */

/** Hashes one method's canonical form and collects its edges; see {@link ClassFileMembers}. */
final class MethodScanner extends MethodVisitor {

    private static final Set<String> CLASS_LOOKUPS = Set.of("getResource", "getResourceAsStream");
    private static final Set<String> LOADER_LOOKUPS = Set.of("getResource",
            "getResourceAsStream", "getResources", "getSystemResource",
            "getSystemResourceAsStream", "getSystemResources");
    private static final Object NOT_LDC = new Object();

    private final String owner;
    private final int access;
    private final String name;
    private final String descriptor;
    private final CanonicalDigest digest = new CanonicalDigest();
    private final Map<Label, Integer> labels = new HashMap<>();
    private final Set<Call> calls = new LinkedHashSet<>();
    private final Set<String> initializedClasses = new LinkedHashSet<>();
    private final Set<ResourceName> resourceNames = new LinkedHashSet<>();
    private Object lastLdc = NOT_LDC;
    private Object ldcBeforeLast = NOT_LDC;

    MethodScanner(String owner, int access, String name, String descriptor,
            List<String> exceptions) {
        super(Opcodes.ASM9);
        this.owner = owner;
        this.access = access;
        this.name = name;
        this.descriptor = descriptor;
        digest.tag('M').integer(access).string(name).string(descriptor)
                .integer(exceptions.size());
        exceptions.forEach(digest::string);
    }

    MethodSummary summary() {
        return new MethodSummary(name, descriptor, access, digest.hex(), List.copyOf(calls),
                List.copyOf(initializedClasses), List.copyOf(resourceNames));
    }

    // Annotations: the default value and runtime-visible ones count; invisible ones do not.

    @Override
    public AnnotationVisitor visitAnnotationDefault() {
        digest.tag('D');
        return new Annotation();
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        if (!visible) {
            return null;
        }
        digest.tag('A').string(descriptor);
        return new Annotation();
    }

    @Override
    public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor,
            boolean visible) {
        if (!visible) {
            return null;
        }
        digest.tag('P').integer(parameter).string(descriptor);
        return new Annotation();
    }

    // Instructions. Frames, line numbers, local variables and maxs are not overridden: ignored.

    @Override
    public void visitInsn(int opcode) {
        instruction(opcode, 'i');
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        instruction(opcode, 'n').integer(operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        instruction(opcode, 'v').integer(varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        instruction(opcode, 't').string(type);
        if (opcode == Opcodes.NEW) {
            initializedClasses.add(type);
        }
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        instruction(opcode, 'f').string(owner).string(name).string(descriptor);
        if (opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC) {
            initializedClasses.add(owner);
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
            boolean isInterface) {
        resourceLookup(owner, name, descriptor);
        instruction(opcode, 'm').string(owner).string(name).string(descriptor)
                .integer(isInterface ? 1 : 0);
        calls.add(new Call(opcode, owner, name, descriptor, isInterface));
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethod,
            Object... bootstrapMethodArguments) {
        instruction(Opcodes.INVOKEDYNAMIC, 'd').string(name).string(descriptor)
                .value(bootstrapMethod).integer(bootstrapMethodArguments.length);
        constantEdges(bootstrapMethod);
        for (Object argument : bootstrapMethodArguments) {
            digest.value(argument);
            constantEdges(argument);
        }
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        instruction(opcode, 'j').integer(ordinal(label));
    }

    @Override
    public void visitLabel(Label label) {
        digest.tag('L').integer(ordinal(label));
    }

    @Override
    public void visitLdcInsn(Object value) {
        instruction(Opcodes.LDC, 'c').value(value);
        constantEdges(value);
        lastLdc = value;
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        instruction(Opcodes.IINC, '+').integer(varIndex).integer(increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        instruction(Opcodes.TABLESWITCH, 's').integer(min).integer(max).integer(ordinal(dflt))
                .integer(labels.length);
        for (Label label : labels) {
            digest.integer(ordinal(label));
        }
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        instruction(Opcodes.LOOKUPSWITCH, 'l').integer(ordinal(dflt)).integer(keys.length);
        for (int i = 0; i < keys.length; i++) {
            digest.integer(keys[i]).integer(ordinal(labels[i]));
        }
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        instruction(Opcodes.MULTIANEWARRAY, 'a').string(descriptor).integer(numDimensions);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        digest.tag('x').integer(ordinal(start)).integer(ordinal(end)).integer(ordinal(handler))
                .string(type);
    }

    /** Writes the instruction's kind and opcode; shifts the window of preceding ldc values. */
    private CanonicalDigest instruction(int opcode, char kind) {
        ldcBeforeLast = lastLdc;
        lastLdc = NOT_LDC;
        return digest.tag(kind).integer(opcode);
    }

    private int ordinal(Label label) {
        return labels.computeIfAbsent(label, l -> labels.size());
    }

    /** Calls and initialized classes in a constant: a handle, or a dynamic constant's parts. */
    private void constantEdges(Object constant) {
        if (constant instanceof Handle handle) {
            switch (handle.getTag()) {
                case Opcodes.H_INVOKEVIRTUAL -> handleCall(Opcodes.INVOKEVIRTUAL, handle);
                case Opcodes.H_INVOKESTATIC -> handleCall(Opcodes.INVOKESTATIC, handle);
                case Opcodes.H_INVOKESPECIAL -> handleCall(Opcodes.INVOKESPECIAL, handle);
                case Opcodes.H_INVOKEINTERFACE -> handleCall(Opcodes.INVOKEINTERFACE, handle);
                case Opcodes.H_NEWINVOKESPECIAL -> {
                    handleCall(Opcodes.INVOKESPECIAL, handle);
                    initializedClasses.add(handle.getOwner());
                }
                case Opcodes.H_GETSTATIC, Opcodes.H_PUTSTATIC ->
                        initializedClasses.add(handle.getOwner());
                default -> {
                    // H_GETFIELD, H_PUTFIELD: no code runs.
                }
            }
        } else if (constant instanceof ConstantDynamic condy) {
            constantEdges(condy.getBootstrapMethod());
            for (int i = 0; i < condy.getBootstrapMethodArgumentCount(); i++) {
                constantEdges(condy.getBootstrapMethodArgument(i));
            }
        }
    }

    private void handleCall(int opcode, Handle handle) {
        calls.add(new Call(opcode, handle.getOwner(), handle.getName(), handle.getDesc(),
                handle.isInterface()));
    }

    /** Records a resource name if this call is a lookup whose argument was an ldc string. */
    private void resourceLookup(String owner, String name, String descriptor) {
        if (!(lastLdc instanceof String literal)
                || !descriptor.startsWith("(Ljava/lang/String;)")) {
            return;
        }
        if (owner.equals("java/lang/Class") && CLASS_LOOKUPS.contains(name)) {
            String base = ldcBeforeLast instanceof Type type && type.getSort() == Type.OBJECT
                    ? type.getInternalName() : this.owner;
            String path = literal.startsWith("/") ? literal.substring(1)
                    : ClassFileMembers.packagePrefix(base) + literal;
            resourceNames.add(new ResourceName(path, literal, true));
        } else if (owner.equals("java/lang/ClassLoader") && LOADER_LOOKUPS.contains(name)) {
            resourceNames.add(new ResourceName(literal, literal, false));
        }
    }

    /** Writes an annotation's values in class-file order; nested ones recursively. */
    private final class Annotation extends AnnotationVisitor {

        Annotation() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(String name, Object value) {
            digest.tag('=').string(name).value(value);
        }

        @Override
        public void visitEnum(String name, String descriptor, String value) {
            digest.tag('E').string(name).string(descriptor).string(value);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String name, String descriptor) {
            digest.tag('@').string(name).string(descriptor);
            return new Annotation();
        }

        @Override
        public AnnotationVisitor visitArray(String name) {
            digest.tag('[').string(name);
            return new Annotation();
        }

        @Override
        public void visitEnd() {
            digest.tag(')');
        }
    }
}
