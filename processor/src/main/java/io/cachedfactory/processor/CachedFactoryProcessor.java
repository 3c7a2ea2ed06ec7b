package io.cachedfactory.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * The cachedfactory annotation processor: for every class with {@code @CachedFactory} (on the
 * class, a constructor or a static method) it validates the use, fingerprints the code and data
 * the objects depend on, and writes {@code <X>Factory}; at the end it writes the module's manifest
 * ({@value io.cachedfactory.common.FactoryManifest#PATH}).
 *
 * <p>Add it to the compiler's annotation processor path. Options, both optional:
 * <ul>
 *   <li>{@code -Acachedfactory.lockfile=<path>}: compare every factory's fingerprint with a lock
 *       file committed with the code; a difference is a compile error naming each changed
 *       component (see {@link LockFileCheck}). A relative path resolves against javac's working
 *       directory, so give an absolute one (with Maven, {@code ${project.basedir}/...}).
 *   <li>{@code -Acachedfactory.lockfile.update=true}: rewrite that lock file from this
 *       compilation's factories instead of checking it.
 * </ul>
 *
 * <p>It never lets an
 * exception escape: an unexpected one becomes one error, with its stack trace, on the class being
 * processed, and the other classes are still processed.
 */
@AutoService(Processor.class)
public final class CachedFactoryProcessor extends AbstractProcessor {

    private Reporter reporter;
    private Validator validator;
    private Fingerprinter fingerprinter;
    /** What builds reach, and the warnings on what they cannot see; null when not javac. */
    private ReachAnalysis reach;
    private CallSiteWarnings warnings;
    /** This round's valid factories, by qualified factory name, until written. */
    private final Map<String, FactoryModel> pending = new LinkedHashMap<>();
    /** Fingerprints computed this compilation, by qualified factory name. */
    private final Map<String, FactoryFingerprint> fingerprints = new HashMap<>();
    /** Factories whose fingerprint is being computed, to stop at a cycle of factory calls. */
    private final Set<String> inProgress = new HashSet<>();
    private final BiFunction<FactoryModel, FactoryFingerprint, JavaFile> writer;
    private final ManifestWriter manifest = new ManifestWriter();
    /** The lock file check, when {@value LockFileCheck#OPTION} is given. */
    private Optional<LockFileCheck> lockFile = Optional.empty();

    /** Factories written so far (qualified name to cached type), to catch name clashes. */
    private final Map<String, String> factories = new HashMap<>();
    /** Top-level classes written by hand in this compilation, to catch name clashes. */
    private final Set<String> handWrittenTypes = new HashSet<>();

    /** Creates the processor; javac calls this through the service loader. */
    public CachedFactoryProcessor() {
        this(new FactoryWriter()::write);
    }

    /** For tests: a processor whose writing step is {@code writer}. */
    CachedFactoryProcessor(BiFunction<FactoryModel, FactoryFingerprint, JavaFile> writer) {
        this.writer = writer;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(Mirrors.CACHED_FACTORY);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(LockFileCheck.OPTION, LockFileCheck.UPDATE_OPTION);
    }

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        reporter = new Reporter(processingEnv.getMessager());
        Trees trees = trees(processingEnv);
        validator = new Validator(processingEnv.getElementUtils(), processingEnv.getTypeUtils(),
                trees, reporter);
        warnings = trees == null ? null : new CallSiteWarnings(trees);
        reach = trees == null ? null : new ReachAnalysis(trees, processingEnv.getElementUtils(),
                processingEnv.getTypeUtils(), new ClassFileReach(processingEnv.getFiler()),
                warnings);
        fingerprinter = new Fingerprinter(processingEnv.getElementUtils(),
                processingEnv.getFiler(), trees, reach, reporter);
        lockFile = LockFileCheck.create(processingEnv.getOptions(),
                processingEnv.getElementUtils(), reporter);
    }

    /** javac's trees, which give the sources of classes in this compilation; null elsewhere. */
    private static Trees trees(ProcessingEnvironment processingEnv) {
        try {
            return Trees.instance(processingEnv);
        } catch (IllegalArgumentException | LinkageError e) {
            return null; // not javac (or a wrapped environment): sources come from the source path
        }
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
        try {
            rememberHandWrittenTypes(roundEnv);
            lockFile.ifPresent(check -> check.compiled(roundEnv.getRootElements()));
            TypeElement annotation = processingEnv.getElementUtils()
                    .getTypeElement(Mirrors.CACHED_FACTORY);
            if (reach != null) {
                reach.addCompiledTypes(roundEnv.getRootElements());
            }
            if (annotation != null) {
                Map<TypeElement, List<Element>> groups =
                        validator.group(roundEnv.getElementsAnnotatedWith(annotation));
                // Validate every factory first: a build may call another factory of this round,
                // whose VERSION then counts in its own.
                groups.forEach(this::validate);
                for (FactoryModel model : List.copyOf(pending.values())) {
                    if (pending.containsKey(model.qualifiedFactoryName())
                            && !writeFactory(model)) {
                        lockFile.ifPresent(check -> check.failed(model.cachedType()));
                    }
                }
                pending.clear();
            }
            if (roundEnv.processingOver() && !manifest.isEmpty()) {
                manifest.write(processingEnv.getFiler());
            }
            if (roundEnv.processingOver()) {
                lockFile.ifPresent(LockFileCheck::finish);
            }
        } catch (IOException | RuntimeException | LinkageError | AssertionError e) {
            reporter.report(Message.UNEXPECTED, null, "the round", stackTrace(e));
        }
        return false;
    }

    private void validate(TypeElement type, List<Element> annotated) {
        try {
            Optional<FactoryModel> model = validator.createIfValid(type, annotated);
            if (model.isEmpty() || clashes(model.get())) {
                lockFile.ifPresent(check -> check.failed(type));
                return;
            }
            pending.put(model.get().qualifiedFactoryName(), model.get());
            factories.put(model.get().qualifiedFactoryName(),
                    type.getQualifiedName().toString());
            if (reach != null) {
                reach.addFactory(model.get().qualifiedFactoryName());
            }
        } catch (RuntimeException | LinkageError | AssertionError e) {
            reporter.report(Message.UNEXPECTED, type, type.getQualifiedName(), stackTrace(e));
            lockFile.ifPresent(check -> check.failed(type));
        }
    }

    /** Writes the factory of {@code model}; false after reporting why it could not. */
    private boolean writeFactory(FactoryModel model) {
        TypeElement type = model.cachedType();
        try {
            Optional<FactoryFingerprint> fingerprint = fingerprint(model);
            if (fingerprint.isEmpty()) {
                return false;
            }
            JavaFile file = writer.apply(model, fingerprint.get());
            file.writeTo(processingEnv.getFiler());
            manifest.add(model, fingerprint.get());
            lockFile.ifPresent(check -> check.written(model, fingerprint.get()));
            return true;
        } catch (IOException | RuntimeException | LinkageError | AssertionError e) {
            reporter.report(Message.UNEXPECTED, type, type.getQualifiedName(), stackTrace(e));
            return false;
        } finally {
            pending.remove(model.qualifiedFactoryName());
        }
    }

    /** The fingerprint of {@code model}, computed once per compilation. */
    private Optional<FactoryFingerprint> fingerprint(FactoryModel model) {
        String name = model.qualifiedFactoryName();
        if (fingerprints.containsKey(name)) {
            return Optional.of(fingerprints.get(name));
        }
        inProgress.add(name);
        try {
            if (warnings != null) {
                warnings.forFactory(name);
            }
            Optional<FactoryFingerprint> fingerprint =
                    fingerprinter.fingerprint(model, this::versionOf);
            fingerprint.ifPresent(f -> fingerprints.put(name, f));
            return fingerprint;
        } finally {
            inProgress.remove(name);
        }
    }

    /**
     * The VERSION of the factory {@code name} that a build calls: computed here when this round
     * writes it, read from its class otherwise.
     */
    private String versionOf(String name) {
        FactoryFingerprint known = fingerprints.get(name);
        if (known != null) {
            return known.version();
        }
        FactoryModel model = pending.get(name);
        if (model != null && !inProgress.contains(name)) {
            Optional<FactoryFingerprint> fingerprint = fingerprint(model);
            if (fingerprint.isPresent()) {
                return fingerprint.get().version();
            }
        }
        if (inProgress.contains(name)) {
            return "cycle"; // factories calling each other: their own code counts in both
        }
        TypeElement factory = processingEnv.getElementUtils().getTypeElement(name);
        if (factory != null) {
            for (Element member : factory.getEnclosedElements()) {
                if (member instanceof VariableElement field
                        && field.getSimpleName().contentEquals("VERSION")
                        && field.getConstantValue() instanceof String version) {
                    return version;
                }
            }
        }
        return "unknown";
    }

    private boolean clashes(FactoryModel model) {
        String name = model.qualifiedFactoryName();
        String taker = null;
        String cachedType = factories.get(name);
        if (cachedType != null) {
            taker = "the factory of " + cachedType;
        } else if (handWrittenTypes.contains(name)) {
            taker = "class " + name;
        }
        if (taker == null) {
            return false;
        }
        AnnotationMirror annotation = model.settings().annotation();
        reporter.report(Message.NAME_CLASH, model.settings().element(), annotation,
                Mirrors.value(annotation, "name"), name, taker);
        return true;
    }

    /**
     * Classes from earlier builds on the class path are not clashes: a factory generated by a
     * previous build looks just like one. Only classes written by hand in this compilation are.
     */
    private void rememberHandWrittenTypes(RoundEnvironment roundEnv) {
        for (Element root : roundEnv.getRootElements()) {
            if (root instanceof TypeElement type && !isGeneratedHere(type)) {
                handWrittenTypes.add(type.getQualifiedName().toString());
            }
        }
    }

    private boolean isGeneratedHere(TypeElement type) {
        if (factories.containsKey(type.getQualifiedName().toString())) {
            return true;
        }
        return Mirrors.find(type, "javax.annotation.processing.Generated")
                .map(generated -> Mirrors.value(generated, "value").toString()
                        .contains(CachedFactoryProcessor.class.getName()))
                .orElse(false);
    }

    private static String stackTrace(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
