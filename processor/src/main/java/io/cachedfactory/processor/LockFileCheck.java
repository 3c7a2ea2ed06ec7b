package io.cachedfactory.processor;

import io.cachedfactory.common.FactoryRecord;
import io.cachedfactory.common.FactoryRecords;
import io.cachedfactory.common.FingerprintDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/*
 * The opt-in lock file check, -Acachedfactory.lockfile=<path>.
 *
 * Check mode (the default): each factory written in this compilation is compared with its block
 * in the lock file as soon as it is written, so the error sits on its @CachedFactory; when
 * processing is over, blocks of factories that are gone are reported. Update mode
 * (-Acachedfactory.lockfile.update=true) writes the lock file instead, when processing is over.
 *
 * Partial compiles. javac sees only the sources it is given: Maven's compiler plugin recompiles the
 * whole module when anything changed, but an IDE or a Gradle incremental build may compile a few
 * files. A factory that is not written in this compilation is therefore only "gone" when this
 * compilation can tell: its cached type no longer exists, or it was compiled now (and made no such
 * factory), or it no longer carries @CachedFactory. Otherwise (its type comes from a class file of
 * an earlier build and still has the annotation) the block is left alone: not reported in check
 * mode, kept in update mode. While any other error of the processor stands (a factory failed, so
 * its block cannot be compared), no block is taken for gone: the build fails on that error anyway,
 * and its fix comes first.
 *
 * Relative paths resolve against javac's working directory: for Maven, the directory mvn was
 * started in, which is why the README recommends ${project.basedir}/cachedfactory.lock.
 */

/** Compares the factories of this compilation with the lock file, or rewrites it. */
final class LockFileCheck {

    static final String OPTION = "cachedfactory.lockfile";
    static final String UPDATE_OPTION = "cachedfactory.lockfile.update";
    static final String UPDATE_HINT = "compile with -A" + UPDATE_OPTION + "=true (with the"
            + " README's Maven setup: mvn compile -Dcachedfactory.updateLock=true) and commit the"
            + " lock file";

    private final Path path;
    private final boolean update;
    private final Elements elements;
    private final Reporter reporter;

    /** Factories written in this compilation. */
    private final SortedMap<String, FactoryRecord> written = new TreeMap<>();
    /** Cached types whose factory failed in this compilation. */
    private final Set<String> failedTypes = new HashSet<>();
    /** Top-level classes whose source is part of this compilation. */
    private final Set<String> compiledTypes = new HashSet<>();
    /** Errors this check reported, to tell them from the other steps' errors. */
    private int ownErrors;
    /** The lock file's entries in check mode; empty after reporting that it cannot be read. */
    private Optional<SortedMap<String, FactoryRecord>> locked;

    private LockFileCheck(Path path, boolean update, Elements elements, Reporter reporter) {
        this.path = path;
        this.update = update;
        this.elements = elements;
        this.reporter = reporter;
    }

    /** The check the options ask for, or empty (after reporting a bad option) when none. */
    static Optional<LockFileCheck> create(Map<String, String> options, Elements elements,
            Reporter reporter) {
        String file = options.get(OPTION);
        String updateValue = options.get(UPDATE_OPTION);
        boolean update = false;
        if (updateValue != null) {
            String value = updateValue.strip().toLowerCase(Locale.ROOT);
            if (value.equals("true")) {
                update = true;
            } else if (!value.equals("false") && !value.isEmpty()) {
                reporter.report(Message.LOCK_OPTION, null, UPDATE_OPTION, updateValue,
                        "neither true nor false", "with Maven, define the property it comes from"
                                + " in the pom (<cachedfactory.updateLock>false"
                                + "</cachedfactory.updateLock>)");
                return Optional.empty();
            }
        }
        if (file == null) {
            if (update) {
                reporter.report(Message.LOCK_UPDATE_ALONE, null, UPDATE_OPTION, OPTION);
            }
            return Optional.empty();
        }
        if (file.isBlank()) {
            reporter.report(Message.LOCK_OPTION, null, OPTION, file, "empty",
                    "give the lock file's path, such as"
                            + " -Acachedfactory.lockfile=${project.basedir}/cachedfactory.lock");
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(file.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            reporter.report(Message.LOCK_OPTION, null, OPTION, file, "not a valid path",
                    e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new LockFileCheck(path, update, elements, reporter));
    }

    /** Remembers the classes compiled in this round, to tell removed factories from unseen. */
    void compiled(Set<? extends Element> rootElements) {
        for (Element root : rootElements) {
            if (root instanceof TypeElement type) {
                compiledTypes.add(type.getQualifiedName().toString());
            }
        }
    }

    /** Remembers that the factory of {@code type} failed, so its block is left alone. */
    void failed(TypeElement type) {
        failedTypes.add(type.getQualifiedName().toString());
    }

    /** Checks (in check mode) one factory just written. */
    void written(FactoryModel model, FactoryFingerprint fingerprint) {
        FactoryRecord entry = fingerprint.record(model);
        written.put(entry.factory(), entry);
        if (update) {
            return;
        }
        Optional<SortedMap<String, FactoryRecord>> lock = locked();
        if (lock.isEmpty()) {
            return;
        }
        FactoryRecord before = lock.get().get(entry.factory());
        Element element = model.settings().element();
        if (before == null) {
            report(Message.LOCK_NEW, element, model.settings().annotation(), null,
                    entry.factory(), path, UPDATE_HINT);
        } else if (!before.version().equals(entry.version())
                || !before.components().equals(entry.components())) {
            StringBuilder changes = new StringBuilder();
            for (String change : changes(before, entry)) {
                changes.append(String.format("%n  ")).append(change);
            }
            report(Message.LOCK_CHANGED, element, model.settings().annotation(), null,
                    entry.factory(), path, changes, UPDATE_HINT);
        }
    }

    /** Reports blocks of removed factories (check mode) or writes the lock file (update mode). */
    void finish() {
        if (update) {
            write();
            return;
        }
        Optional<SortedMap<String, FactoryRecord>> lock = locked();
        if (lock.isEmpty()) {
            return;
        }
        for (FactoryRecord entry : lock.get().values()) {
            if (!written.containsKey(entry.factory()) && removed(entry)) {
                report(Message.LOCK_REMOVED, elements.getTypeElement(entry.type()),
                        path, entry.factory(), entry.type(), UPDATE_HINT);
            }
        }
    }

    /**
     * What changed from {@code before} to {@code after}, worded by
     * {@link FingerprintDigest#changes} as the runtime words it:
     * {@code source:com.acme.Kernel changed}, {@code version:alice 3 → 4},
     * {@code resource:x added}, {@code version:bob removed}; a block whose components are equal
     * but whose VERSION differs is said so.
     */
    static List<String> changes(FactoryRecord before, FactoryRecord after) {
        List<String> changes = new ArrayList<>(
                FingerprintDigest.changes(before.components(), after.components()));
        if (changes.isEmpty()) {
            changes.add("VERSION " + before.version() + " → " + after.version()
                    + " (the lock file's components do not match its VERSION)");
        }
        return changes;
    }

    /** Whether this compilation can tell that {@code entry}'s factory is gone. */
    private boolean removed(FactoryRecord entry) {
        if (failedTypes.contains(entry.type()) || reporter.errorCount() > ownErrors) {
            return false;
        }
        TypeElement type = elements.getTypeElement(entry.type());
        if (type == null) {
            return true;
        }
        if (compiledTypes.contains(Mirrors.topLevel(type).getQualifiedName().toString())) {
            return true; // compiled now, and it made no factory of this name
        }
        return !hasCachedFactory(type);
    }

    private void report(Message message, Element element, Object... args) {
        if (message.kind() == javax.tools.Diagnostic.Kind.ERROR) {
            ownErrors++;
        }
        reporter.report(message, element, args);
    }

    private void report(Message message, Element element, AnnotationMirror annotation,
            AnnotationValue value, Object... args) {
        if (message.kind() == javax.tools.Diagnostic.Kind.ERROR) {
            ownErrors++;
        }
        reporter.report(message, element, annotation, value, args);
    }

    private static boolean hasCachedFactory(TypeElement type) {
        if (Mirrors.find(type, Mirrors.CACHED_FACTORY).isPresent()) {
            return true;
        }
        for (Element member : type.getEnclosedElements()) {
            if ((member.getKind() == ElementKind.CONSTRUCTOR
                    || member.getKind() == ElementKind.METHOD)
                    && Mirrors.find(member, Mirrors.CACHED_FACTORY).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The lock file's entries, read once; empty after reporting that it is missing or bad. */
    private Optional<SortedMap<String, FactoryRecord>> locked() {
        if (locked == null) {
            try {
                locked = Optional.of(LockFile.parse(read()));
            } catch (NoSuchFileException e) {
                report(Message.LOCK_MISSING, null, path, UPDATE_HINT);
                locked = Optional.empty();
            } catch (IOException | FactoryRecords.FormatException e) {
                report(Message.LOCK_UNREADABLE, null, path, e.getMessage(),
                        UPDATE_HINT);
                locked = Optional.empty();
            }
        }
        return locked;
    }

    private String read() throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    private void write() {
        SortedMap<String, FactoryRecord> before = new TreeMap<>();
        String existing = null;
        try {
            existing = read();
            before = LockFile.parse(existing);
        } catch (IOException | FactoryRecords.FormatException e) {
            // Missing or unreadable: written afresh from this compilation's factories.
        }
        SortedMap<String, FactoryRecord> after = new TreeMap<>(written);
        for (FactoryRecord entry : before.values()) {
            if (!after.containsKey(entry.factory()) && !removed(entry)) {
                after.put(entry.factory(), entry); // not seen by a partial compile: kept
            }
        }
        String text = LockFile.render(after.values());
        if (text.equals(existing)) {
            report(Message.LOCK_WRITTEN, null, path, "is up to date ("
                    + count(after.size()) + ")");
            return;
        }
        try {
            Path temp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            report(Message.LOCK_WRITE_FAILED, null, path, e.toString());
            return;
        }
        report(Message.LOCK_WRITTEN, null, path, "updated (" + count(after.size())
                + ")" + summary(before, after));
    }

    /** One line per factory that is new, removed or changed; commit these with the file. */
    private static String summary(SortedMap<String, FactoryRecord> before,
            SortedMap<String, FactoryRecord> after) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        StringBuilder summary = new StringBuilder();
        for (String name : names) {
            FactoryRecord was = before.get(name);
            FactoryRecord now = after.get(name);
            if (was == null) {
                summary.append(String.format("%n  %s: new factory", name));
            } else if (now == null) {
                summary.append(String.format("%n  %s: removed", name));
            } else if (!was.equals(now)) {
                summary.append(String.format("%n  %s: %s", name,
                        String.join(", ", changes(was, now))));
            }
        }
        return summary.toString();
    }

    private static String count(int factories) {
        return factories == 1 ? "1 factory" : factories + " factories";
    }
}
