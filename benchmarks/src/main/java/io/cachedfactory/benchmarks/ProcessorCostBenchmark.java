package io.cachedfactory.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/*
 * Issue 7, benchmark 7: javac (javax.tools, in this JVM) compiling a generated module of 200
 * classes, 50 of them @CachedFactory (10 of those with dependsOn), with the cachedfactory processor
 * and without any processor (-proc:none). One operation is one full compilation into a fresh
 * output directory (SingleShot). Target: withProcessor <= 1.25x withoutProcessor.
 *
 * Parameter reach: "module" as above, or "library", where every cached class's constructor also
 * calls into Apache Commons Math (statistics, a matrix product, FastMath), so the fingerprint
 * follows the calls through the library's bytecode (issue 11: a module whose code reaches into a
 * large library). Target of issue 11: withProcessor <= 1.5x generatedSourcesWithoutProcessor.
 *
 * A third variant, generatedSourcesWithoutProcessor, compiles the same module plus the factories
 * the processor wrote (saved once at setup) with -proc:none: the difference to withProcessor is the
 * processor's own work, the difference to withoutProcessor is compiling the generated code.
 *
 * The processor comes from -Dbench.processorPath=<jars, separated by the path separator>, which
 * run.sh points at benchmarks/target/processor/ (the processor, the annotations, JavaPoet, ASM),
 * loaded in a class loader of its own; it is kept off the benchmarks' class path because Chronicle
 * Map's run-time javac would load it there. The loader is made once per trial and javac gets a new
 * processor instance per compilation: the processor's code is warmed up by the JIT like javac's, as
 * in an IDE or a build daemon. (A loader per compilation would time the processor interpreted
 * against a JIT-compiled javac, which no build does.)
 *
 * replayingProcessor is the floor of any processor that writes sources: it writes the same
 * factories with no analysis, so javac pays the same extra rounds (re-entering every tree) and
 * Filer checks; withProcessor / replayingProcessor is the cachedfactory processor's own analysis.
 *
 * The cold* variants time what `mvn compile` in a fresh JVM pays: each compilation is a new `javac`
 * process (the JDK's launcher, -processorpath for the processor), so javac and the processor both
 * start unwarmed; JVM start-up is in both sides of the ratio.
 */

/** javac time of a 200-class module with and without the annotation processor. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ProcessorCostBenchmark {

    static final String PROCESSOR = "io.cachedfactory.processor.CachedFactoryProcessor";
    static final int CLASSES = 200;
    static final int CACHED = 50;

    /** Whether the cached classes reach only this module's code or also a library's. */
    @Param({"module", "library"})
    public String reach;

    private Path directory;
    private List<File> sources;
    private List<File> sourcesAndFactories;
    private final Map<String, String> factorySources = new HashMap<>();
    private Path output;
    private int compilations;
    private ClassLoader processorLoader;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Bench.scratch("processor-cost");
        processorLoader = processorLoader();
        sources = ModuleGenerator.write(directory.resolve("src"), CLASSES, CACHED,
                reach.equals("library"));
        // The processor's output, kept for generatedSourcesWithoutProcessor.
        Path generated = Files.createDirectories(directory.resolve("generated"));
        output = Files.createDirectories(directory.resolve("out-setup"));
        try {
            compile(List.of("-s", generated.toString()), processor());
        } catch (Exception e) {
            throw new IllegalStateException("cannot run the processor: " + e.getMessage(), e);
        }
        sourcesAndFactories = new ArrayList<>(sources);
        try (Stream<Path> files = Files.walk(generated)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sourcesAndFactories.add(f.toFile());
                String relative = generated.relativize(f).toString();
                factorySources.put(relative.substring(0, relative.length() - ".java".length())
                        .replace(File.separatorChar, '.'), Files.readString(f));
            }
        }
        if (sourcesAndFactories.size() != CLASSES + CACHED) {
            throw new IllegalStateException("the processor wrote " + (sourcesAndFactories.size()
                    - CLASSES) + " factories, expected " + CACHED);
        }
        Bench.delete(output);
    }

    @Setup(Level.Invocation)
    public void freshOutput() throws IOException {
        output = Files.createDirectories(directory.resolve("out-" + ++compilations));
    }

    @TearDown(Level.Invocation)
    public void removeOutput() {
        Bench.delete(output);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Bench.delete(directory);
    }

    @Benchmark
    public int withoutProcessor() throws IOException {
        return compile(List.of("-proc:none"), null);
    }

    @Benchmark
    public int generatedSourcesWithoutProcessor() throws IOException {
        return compile(List.of("-proc:none"), null, sourcesAndFactories);
    }

    @Benchmark
    public int withProcessor() throws Exception {
        return checkFactories(compile(List.of(), processor()));
    }

    /** The floor: a processor that only writes the same factories, so javac does its rounds. */
    @Benchmark
    public int replayingProcessor() throws Exception {
        return checkFactories(compile(List.of(), new ReplayProcessor(factorySources)));
    }

    @Benchmark
    public int coldGeneratedSourcesWithoutProcessor() throws Exception {
        return compileInNewProcess(List.of("-proc:none"), sourcesAndFactories);
    }

    @Benchmark
    public int coldWithProcessor() throws Exception {
        return checkFactories(compileInNewProcess(List.of("-processorpath",
                System.getProperty("bench.processorPath", "")), sources));
    }

    private static int checkFactories(int classes) {
        if (classes < CLASSES + CACHED) {
            throw new IllegalStateException("the processor generated " + (classes - CLASSES)
                    + " factories, expected " + CACHED);
        }
        return classes;
    }

    /**
     * The processor's loader: -Dbench.processorPath in a loader of its own (its parent is the
     * platform loader, so that an older processor jar on the class path cannot mix in), else the
     * class path.
     */
    private static ClassLoader processorLoader() throws IOException {
        String path = System.getProperty("bench.processorPath");
        if (path == null || path.isBlank()) {
            return ProcessorCostBenchmark.class.getClassLoader();
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** A new instance of the processor, as javac makes one per compilation. */
    private Processor processor() throws Exception {
        try {
            return (Processor) Class.forName(PROCESSOR, true, processorLoader)
                    .getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(PROCESSOR + " is not on the class path and"
                    + " -Dbench.processorPath is not set");
        }
    }

    /** Compiles the module; returns how many top-level class files came out. */
    private int compile(List<String> extra, Processor processor) throws IOException {
        return compile(extra, processor, sources);
    }

    /** Compiles {@code units} with the JDK's javac launcher in a new process. */
    private int compileInNewProcess(List<String> extra, List<File> units) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString()));
        command.addAll(options());
        command.addAll(extra);
        units.forEach(unit -> command.add(unit.getPath()));
        Path log = directory.resolve("javac.log");
        Process javac = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (javac.waitFor() != 0) {
            throw new IllegalStateException("javac failed:\n" + Files.readString(log));
        }
        return countClasses();
    }

    private List<String> options() {
        return new ArrayList<>(List.of("--release", "17", "-encoding", "UTF-8",
                "-d", output.toString(), "-sourcepath", directory.resolve("src").toString(),
                "-cp", System.getProperty("java.class.path")));
    }

    private int compile(List<String> extra, Processor processor, List<File> units)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null,
                StandardCharsets.UTF_8)) {
            List<String> options = options();
            options.addAll(extra);
            Iterable<? extends JavaFileObject> objects = files.getJavaFileObjectsFromFiles(units);
            JavaCompiler.CompilationTask task = javac.getTask(diagnostics, files, null, options,
                    null, objects);
            if (processor != null) {
                task.setProcessors(List.of(processor));
            }
            if (!task.call()) {
                throw new IllegalStateException("javac failed:\n" + diagnostics);
            }
        }
        return countClasses();
    }

    /** How many top-level class files the last compilation wrote. */
    private int countClasses() throws IOException {
        try (Stream<Path> classes = Files.walk(output)) {
            return (int) classes.filter(f -> f.toString().endsWith(".class")
                    && !f.getFileName().toString().contains("$")).count();
        }
    }

    /** Writes the generated module's sources. */
    static final class ModuleGenerator {

        private ModuleGenerator() {
        }

        static List<File> write(Path root, int classes, int cached, boolean library)
                throws IOException {
            Path dir = Files.createDirectories(root.resolve("bench/gen"));
            List<File> files = new ArrayList<>();
            int every = classes / cached;
            for (int i = 0; i < classes; i++) {
                boolean isCached = i % every == 0 && i / every < cached;
                String name = (isCached ? "Model" : "Helper") + i;
                String source = isCached ? cachedClass(name, i, every, library)
                        : plainClass(name, i);
                Path file = dir.resolve(name + ".java");
                Files.writeString(file, source);
                files.add(file.toFile());
            }
            return files;
        }

        private static String cachedClass(String name, int i, int every, boolean library) {
            String libraryCalls = !library ? "" : ""
                    + "        org.apache.commons.math3.stat.descriptive.DescriptiveStatistics"
                    + " stats =\n"
                    + "                new org.apache.commons.math3.stat.descriptive"
                    + ".DescriptiveStatistics();\n"
                    + "        values.forEach(stats::addValue);\n"
                    + "        double[][] square = {{stats.getMean(), 1}, {stats.getPercentile(50),"
                    + " 2}};\n"
                    + "        org.apache.commons.math3.linear.RealMatrix m =\n"
                    + "                new org.apache.commons.math3.linear.Array2DRowRealMatrix("
                    + "square);\n"
                    + "        values.add((long) org.apache.commons.math3.util.FastMath.sqrt("
                    + "m.multiply(m).getTrace()));\n";
            String helper = "Helper" + (i + 1);
            String annotation = (i / every) % 5 == 0
                    ? "@CachedFactory(dependsOn = {" + helper + ".class})"
                    : "@CachedFactory";
            return "package bench.gen;\n\n"
                    + "import io.cachedfactory.CachedFactory;\n"
                    + "import java.io.Serializable;\n"
                    + "import java.util.ArrayList;\n"
                    + "import java.util.List;\n\n"
                    + "/** A cached model number " + i + ". */\n"
                    + annotation + "\n"
                    + "public final class " + name + " implements Serializable {\n"
                    + "    private static final long serialVersionUID = 1L;\n"
                    + "    private final List<Long> values = new ArrayList<>();\n\n"
                    + "    /** Builds it. */\n"
                    + "    public " + name + "(String table, int year) {\n"
                    + "        // Expensive in real life.\n"
                    + "        for (int k = 0; k < year % 17; k++) {\n"
                    + "            values.add((long) " + helper + ".mix(table.length(), k));\n"
                    + "        }\n"
                    + libraryCalls
                    + "    }\n\n"
                    + "    /** How many values. */\n"
                    + "    public int size() {\n"
                    + "        return values.size();\n"
                    + "    }\n"
                    + "}\n";
        }

        private static String plainClass(String name, int i) {
            String body = Stream.of("alpha", "beta", "gamma", "delta", "epsilon")
                    .map(m -> "    /** Step " + m + ". */\n"
                            + "    public static int " + m + "(int a, int b) {\n"
                            + "        int x = a * " + (i + 7) + " + b;\n"
                            + "        for (int k = 0; k < 3; k++) {\n"
                            + "            x = Integer.rotateLeft(x ^ k, 5) + \"" + m
                            + "\".length();\n"
                            + "        }\n"
                            + "        return x;\n"
                            + "    }\n")
                    .collect(Collectors.joining("\n"));
            return "package bench.gen;\n\n"
                    + "/** A plain helper number " + i + ". */\n"
                    + "public final class " + name + " {\n"
                    + "    private " + name + "() {\n"
                    + "    }\n\n"
                    + "    /** Mixes two numbers. */\n"
                    + "    public static int mix(int a, int b) {\n"
                    + "        return epsilon(delta(gamma(beta(alpha(a, b), b), b), b), b);\n"
                    + "    }\n\n"
                    + body
                    + "}\n";
        }
    }
}
