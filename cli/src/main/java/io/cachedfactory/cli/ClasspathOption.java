package io.cachedfactory.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --classpath} option: where the current fingerprints come from. */
final class ClasspathOption {

    @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH",
            description = "Jars, class output directories or factories.txt files whose"
                    + " cachedfactory manifests (" + Manifests.PATH + ") give the current"
                    + " fingerprints; repeat the option or join with '${sys:path.separator}'."
                    + " 'dir/*' means every jar in dir.")
    List<String> classpath = new ArrayList<>();

    /** Whether the user gave a classpath. */
    boolean given() {
        return !classpath.isEmpty();
    }

    /** The manifests on the classpath; none when no classpath was given. */
    Manifests manifests() {
        return given() ? Manifests.fromClasspath(classpath) : Manifests.none();
    }

    /**
     * The manifests on the classpath, which must hold at least one.
     *
     * @throws CliException naming the option that is missing or found nothing
     */
    Manifests requiredManifests(String why) {
        if (!given()) {
            throw new CliException(why + " needs --classpath (the jars or class directories"
                    + " that hold " + Manifests.PATH + ")");
        }
        Manifests manifests = manifests();
        if (manifests.isEmpty()) {
            throw new CliException("no " + Manifests.PATH + " found on --classpath "
                    + String.join(" ", classpath));
        }
        return manifests;
    }
}
