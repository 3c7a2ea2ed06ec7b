package io.cachedfactory.processor;

import io.cachedfactory.common.FingerprintDigest;
import io.cachedfactory.processor.ClassFileSummary.Declaration;
import io.cachedfactory.processor.ClassFileSummary.MethodSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/*
 * Design notes.
 *
 * The processor fingerprints code it has no source for (classes in jars, a sibling module's
 * target/classes) by its bytecode. A hash must change when what the code executes changes, and
 * only then; so it is taken over a canonical form, not over the class file's bytes:
 *
 * - Header: access flags, name, super name, interfaces, then every field in class-file order as
 *   (access, name, descriptor, constant value). Fields are part of the header because adding or
 *   retyping one changes the layout every method works on.
 * - Method: access flags, name, descriptor, declared exceptions, annotation default value, the
 *   runtime-visible annotations of the method and of its parameters (descriptor and values, in
 *   class-file order), the try-catch blocks and the instruction stream with every operand. A label
 *   (jump target, switch case, try range) is written as its ordinal in order of first appearance,
 *   so absolute offsets, and anything that merely shifts them, do not count.
 *
 * Everything else is left out because it does not change what runs, only how it is reported or
 * verified: line numbers, local variable names and tables, source file, source debug extension,
 * MethodParameters names, stack map frames, max stack and max locals, generic signatures,
 * runtime-invisible annotations, type annotations, the class-file version, and ASM's pseudo access
 * flags (ACC_DEPRECATED also comes from a Javadoc {@deprecated} tag, i.e. from a comment). So
 * compiling with or without -g, reformatting, commenting, or renaming a local variable leaves every
 * hash as it was; debug data is excluded because it changes on exactly those edits, and a cache
 * that is rebuilt whenever someone adds a blank line above a method is a cache nobody keeps on.
 *
 * The class is read once without code for its header and declarations; a method's code is read
 * (SKIP_DEBUG | SKIP_FRAMES, so ASM never materializes that data nor the labels it would need)
 * only when the walk reaches it, since most methods of a library class never are. Its edges
 * (calls, initialized classes, string constants, resource names) are collected in the same pass;
 * see MethodScanner.
 */

/**
 * Reads a class file into a {@link ClassFileSummary}: its header hash, and for every method a hash
 * of what it executes and the code it can reach.
 */
final class ClassFileMembers {

    /** The 16 bits of access flags a class file holds; ASM adds pseudo flags above them. */
    static final int ACCESS_MASK = 0xFFFF;

    private ClassFileMembers() {
    }

    /**
     * The summary of {@code classFile}.
     *
     * @throws IllegalArgumentException if {@code classFile} is not a class file ASM can read
     */
    static ClassFileSummary read(byte[] classFile) {
        Reader reader = new Reader();
        ClassReader classReader;
        try {
            classReader = new ClassReader(classFile);
            classReader.accept(reader, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG
                    | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed class file: " + e, e);
        }
        return reader.summary(declaration -> scan(classReader, reader.name, declaration,
                classFile));
    }

    /** Reads one method's code: the class file again, every other method skipped unread. */
    private static MethodSummary scan(ClassReader classReader, String owner,
            Declaration declaration, byte[] classFile) {
        MethodScanner[] found = new MethodScanner[1];
        try {
            classReader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor,
                        String signature, String[] exceptions) {
                    if (found[0] != null || !name.equals(declaration.name())
                            || !descriptor.equals(declaration.descriptor())) {
                        return null;
                    }
                    found[0] = new MethodScanner(owner, access & ACCESS_MASK, name, descriptor,
                            exceptions == null ? List.of() : List.of(exceptions));
                    return found[0];
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            // Code ASM cannot read: the whole class file stands for the method, so that any
            // change to it still counts.
            return new MethodSummary(declaration.name(), declaration.descriptor(),
                    declaration.access(), FingerprintDigest.sha256Hex(classFile), List.of(),
                    List.of(), List.of());
        }
        return found[0].summary();
    }

    /** The package of {@code internalName} with a trailing {@code /}, or {@code ""}. */
    static String packagePrefix(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/') + 1);
    }

    private static final class Reader extends ClassVisitor {

        private final CanonicalDigest header = new CanonicalDigest();
        private final List<Declaration> declarations = new ArrayList<>();
        private String name;
        private String superName;
        private List<String> interfaces;
        private int access;

        Reader() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature,
                String superName, String[] interfaces) {
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces == null ? List.of() : List.of(interfaces);
            this.access = access & ACCESS_MASK;
            header.tag('C').integer(this.access).string(name).string(superName)
                    .integer(this.interfaces.size());
            this.interfaces.forEach(header::string);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor,
                String signature, Object value) {
            header.tag('F').integer(access & ACCESS_MASK).string(name).string(descriptor)
                    .value(value);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
                String signature, String[] exceptions) {
            declarations.add(new Declaration(name, descriptor, access & ACCESS_MASK));
            return null;
        }

        ClassFileSummary summary(Function<Declaration, MethodSummary> summarizer) {
            return new ClassFileSummary(name, superName, interfaces, access, header.hex(),
                    declarations, summarizer);
        }
    }
}
