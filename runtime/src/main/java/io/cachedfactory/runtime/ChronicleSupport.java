package io.cachedfactory.runtime;

import java.util.List;
import java.util.Optional;

/**
 * What Chronicle Map needs from the JVM, checked before any Chronicle class loads: its analytics
 * switched off (nothing phones home) and the module options it needs on Java 17 and later. This
 * class must not reference Chronicle types, so that loading it never loads Chronicle.
 */
final class ChronicleSupport {

    /** The options, as DESIGN.md and the README list them. */
    static final List<String> JVM_OPTIONS = List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED");

    private ChronicleSupport() {
    }

    /**
     * Disables Chronicle's analytics unless the application decided otherwise, and keeps SLF4J
     * (which Chronicle uses) from printing its "no providers" notice to every program's stderr
     * when the application has no SLF4J binding; errors still print.
     */
    static void disableAnalytics() {
        if (System.getProperty("chronicle.analytics.disable") == null) {
            System.setProperty("chronicle.analytics.disable", "true");
        }
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    /**
     * The options this JVM lacks, or empty when Chronicle Map can run.
     *
     * @return a message listing what to add, if anything is missing
     */
    static Optional<String> missingJvmOptions() {
        Module self = ChronicleSupport.class.getModule();
        StringBuilder missing = new StringBuilder();
        for (String option : JVM_OPTIONS) {
            String[] parts = option.substring(option.indexOf('=') + 1).split("[/=]");
            String moduleName = parts[0];
            String packageName = parts[1];
            Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
            boolean granted = module.isPresent() && (option.startsWith("--add-opens")
                    ? module.get().isOpen(packageName, self)
                    : module.get().isExported(packageName, self));
            if (!granted) {
                missing.append(' ').append(option);
            }
        }
        if (missing.length() == 0) {
            return Optional.empty();
        }
        return Optional.of("the Chronicle Map index needs these JVM options, missing here:"
                + missing + " (and a JDK, not a bare JRE: it compiles small classes at run time). "
                + "Add them to the java command line, to surefire's argLine, or to an executable "
                + "jar's manifest (Add-Opens/Add-Exports); see the cachedfactory README, "
                + "\"JVM options\". Until then the store works from payload files without its index.");
    }
}
