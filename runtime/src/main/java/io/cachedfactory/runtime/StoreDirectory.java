package io.cachedfactory.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * A store directory is a place other people may have touched before we arrive: another user of a
 * shared cache, a script that replaced tmp/ by a link, a disk that failed. Three rules:
 *
 *  1. Check before touching. The directory a store opens is resolved once, to its real path (the
 *     user may name it through a link; that is their choice), and inspected before anything in it
 *     is created, deleted, locked or parsed: that it is a directory, whose owner and permissions
 *     DirectoryAccess accepts, and, for the command line tool, that it already holds a store.
 *  2. Never follow a link inside the store. Every folder the store keeps (payloads/, claims/, tmp/,
 *     open/ and their subfolders) is checked with lstat (NOFOLLOW_LINKS) before a file in it is
 *     written, renamed, locked or deleted; a link there is refused, never followed. Files are read
 *     with O_NOFOLLOW, and only when they are regular files (a FIFO would block an open).
 *  3. Delete only what the store writes. Clean-up lists a folder through a SecureDirectoryStream
 *     opened without following links (openat + O_NOFOLLOW where the platform has it) and deletes
 *     only entries whose names match the patterns below, relative to that open folder, so a link
 *     swapped in after the check still leads nowhere.
 *
 * What remains possible is what the README's threat model says: whoever can write the store
 * directory itself while it is in use can make the store lose entries (and, unless payloads are
 * signed, plant objects); DirectoryAccess warns about, or refuses, such directories.
 */

/** The layout of a store directory, and the file operations in it that never follow a link. */
final class StoreDirectory {

    static final String LOCK_FILE = "store.lock";
    static final String PAYLOADS = "payloads";
    static final String CLAIMS = "claims";
    static final String TMP = "tmp";
    static final String OPEN_MARKERS = "open";
    /** Folders a store keeps directly under its root. */
    static final List<String> FOLDERS = List.of(PAYLOADS, CLAIMS, TMP, OPEN_MARKERS);
    private static final String PAYLOAD_SUFFIX = ".cfp";

    /**
     * A payload being written: {@code <entry id>.cfp.<pid>.<random>[.remote].tmp}, or a file a
     * remote tier names after such a path ({@code ….remote.tmp.redis-part}).
     */
    private static final Pattern TEMP_FILE = Pattern.compile(
            "[0-9a-f]{64}\\.cfp\\.(\\d{1,19})\\.[0-9a-f]{1,16}(?:\\.remote)?\\.tmp"
                    + "(?:\\.[a-z][a-z-]{0,19})?");
    /** A process's open marker: {@code <pid>-<random digits>}. */
    private static final Pattern OPEN_MARKER = Pattern.compile("\\d{1,19}-\\d{1,20}");
    /** An index moved aside because it could not be used. */
    private static final Pattern MOVED_ASIDE_INDEX = Pattern.compile(
            Pattern.quote(DiskIndex.FILE_NAME) + "\\.unreadable-(\\d{1,19})");
    private static final String UNREADABLE_INDEX_PREFIX = DiskIndex.FILE_NAME + ".unreadable-";

    private StoreDirectory() {
    }

    /** A directory that holds no store, where only an existing one may be opened. */
    static final class NotAStoreException extends IOException {
        private static final long serialVersionUID = 1L;

        NotAStoreException(String message) {
            super(message);
        }
    }

    /**
     * The real path of the store directory {@code directory}, created (readable by its owner
     * only) when missing unless {@code existingOnly}.
     *
     * @throws NotAStoreException when {@code existingOnly} and {@code directory} holds no store,
     *     naming what is missing
     * @throws IOException when the directory cannot be created or resolved
     */
    static Path locate(Path directory, boolean existingOnly) throws IOException {
        Path given = directory.toAbsolutePath().normalize();
        if (existingOnly) {
            Optional<String> reason = notAStore(given);
            if (reason.isPresent()) {
                throw new NotAStoreException("no cachedfactory store at " + given + ": "
                        + reason.get());
            }
        } else if (!Files.isDirectory(given)) {
            PayloadFiles.createPrivateDirectory(given);
        }
        Path real = given.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(real.toString());
        }
        return real;
    }

    /**
     * Why {@code directory} does not hold a store, or empty when it does: a store has the file
     * {@value #LOCK_FILE} and the folder {@value #PAYLOADS}, neither a link. Creates nothing.
     */
    static Optional<String> notAStore(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.of(Files.exists(directory) ? "it is not a directory"
                    : "the directory does not exist");
        }
        BasicFileAttributes lock = lstat(directory.resolve(LOCK_FILE));
        BasicFileAttributes payloads = lstat(directory.resolve(PAYLOADS));
        if (lock == null || !lock.isRegularFile() || payloads == null || !payloads.isDirectory()) {
            return Optional.of("the directory holds no " + LOCK_FILE + " file and "
                    + PAYLOADS + "/ folder");
        }
        return Optional.empty();
    }

    /**
     * Makes sure {@code root}'s folder {@code relative} (one or more names deep) exists as real
     * directories, creating missing ones readable by their owner only.
     *
     * @return the folder
     * @throws FileSystemException when a component is a link or not a directory: it is refused,
     *     never followed
     */
    static Path folder(Path root, String... relative) throws IOException {
        Path current = root;
        for (String name : relative) {
            current = current.resolve(name);
            BasicFileAttributes attributes = lstat(current);
            if (attributes == null) {
                PayloadFiles.createPrivateDirectory(current);
                attributes = lstat(current);
            }
            if (attributes == null || !attributes.isDirectory() || attributes.isSymbolicLink()) {
                throw new FileSystemException(current.toString(), null, attributes != null
                        && attributes.isSymbolicLink()
                                ? "a symbolic link where the store keeps a folder; not following it"
                                : "not a directory");
            }
        }
        return current;
    }

    /**
     * The payload files of the store in {@code root}: regular files {@code payloads/xx/<id>.cfp},
     * sorted, never reached through a link; empty when {@code payloads/} is missing or a link.
     */
    static List<Path> payloadFiles(Path root) throws IOException {
        Path payloads = root.resolve(PAYLOADS);
        BasicFileAttributes attributes = lstat(payloads);
        if (attributes == null || !attributes.isDirectory()) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.walk(payloads, 2)) {
            return files.filter(f -> f.getNameCount() == payloads.getNameCount() + 2)
                    .filter(f -> f.getFileName().toString().endsWith(PAYLOAD_SUFFIX))
                    .filter(StoreDirectory::isRegularFile).sorted().toList();
        }
    }

    /**
     * The entry id a payload file is named after.
     *
     * @throws IllegalArgumentException when the name is not {@code <64 hex digits>.cfp}
     */
    static EntryId entryIdOf(Path payload) {
        String name = payload.getFileName().toString();
        if (!name.endsWith(PAYLOAD_SUFFIX)) {
            throw new IllegalArgumentException("not a payload file: " + name);
        }
        return EntryId.fromHex(name.substring(0, name.length() - PAYLOAD_SUFFIX.length()));
    }

    /** Whether {@code path} is a regular file, not following a link. */
    static boolean isRegularFile(Path path) {
        BasicFileAttributes attributes = lstat(path);
        return attributes != null && attributes.isRegularFile();
    }

    /** Whether {@code path} is a link. */
    static boolean isLink(Path path) {
        BasicFileAttributes attributes = lstat(path);
        return attributes != null && attributes.isSymbolicLink();
    }

    /** Whether {@code name} is a temporary payload file the store writes. */
    static boolean isTempFileName(String name) {
        return TEMP_FILE.matcher(name).matches();
    }

    /** The pid of the process that wrote the temporary file {@code name}, if it is one. */
    static Optional<Long> tempFileWriter(String name) {
        Matcher matcher = TEMP_FILE.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(matcher.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code name} is an open marker. */
    static boolean isOpenMarkerName(String name) {
        return OPEN_MARKER.matcher(name).matches();
    }

    /** The name an unreadable index gets when it is moved aside at {@code millis}. */
    static String movedAsideIndexName(long millis) {
        return UNREADABLE_INDEX_PREFIX + millis;
    }

    /** Whether {@code name} is an index this store moved aside. */
    static boolean isMovedAsideIndexName(String name) {
        return MOVED_ASIDE_INDEX.matcher(name).matches();
    }

    /** Indexes moved aside in {@code root}, newest first. */
    static List<Path> movedAsideIndexes(Path root) throws IOException {
        List<Path> found = new ArrayList<>(list(root, StoreDirectory::isMovedAsideIndexName));
        found.sort((a, b) -> Long.compare(movedAt(b), movedAt(a)));
        return found;
    }

    private static long movedAt(Path file) {
        Matcher matcher = MOVED_ASIDE_INDEX.matcher(file.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
    }

    /**
     * The regular files directly in {@code directory} whose names {@code names} accepts; empty when
     * the folder is missing, a link or not a directory.
     */
    static List<Path> list(Path directory, Predicate<String> names) throws IOException {
        BasicFileAttributes attributes = lstat(directory);
        if (attributes == null || !attributes.isDirectory()) {
            return List.of();
        }
        List<Path> matching = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (names.test(entry.getFileName().toString()) && isRegularFile(entry)) {
                    matching.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return matching;
    }

    /**
     * Deletes the regular files directly in {@code root}'s folder {@code folder} whose names
     * {@code names} accepts, without following a link: the folder is opened with O_NOFOLLOW and
     * each file deleted relative to it. A folder that is a link, or missing, is left alone.
     *
     * @return how many files were deleted
     */
    static int deleteMatching(Path root, String folder, Predicate<String> names)
            throws IOException {
        BasicFileAttributes attributes = lstat(root.resolve(folder));
        if (attributes == null || !attributes.isDirectory()) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> rootStream = Files.newDirectoryStream(root)) {
            if (rootStream instanceof SecureDirectoryStream<Path> secureRoot) {
                try (SecureDirectoryStream<Path> secure = secureRoot.newDirectoryStream(
                        Path.of(folder), LinkOption.NOFOLLOW_LINKS)) {
                    for (Path entry : secure) {
                        Path name = entry.getFileName();
                        if (names.test(name.toString()) && secure.getFileAttributeView(name,
                                java.nio.file.attribute.BasicFileAttributeView.class,
                                LinkOption.NOFOLLOW_LINKS).readAttributes().isRegularFile()) {
                            secure.deleteFile(name);
                            deleted++;
                        }
                    }
                }
                return deleted;
            }
        } catch (NoSuchFileException e) {
            return deleted;
        } catch (FileSystemException e) {
            // ELOOP: the folder became a link after the check; follow nothing.
            if (isLink(root.resolve(folder))) {
                return deleted;
            }
            throw e;
        }
        // No secure directory streams on this platform: lstat each entry before deleting it.
        for (Path file : list(root.resolve(folder), names)) {
            if (Files.deleteIfExists(file)) {
                deleted++;
            }
        }
        return deleted;
    }

    private static BasicFileAttributes lstat(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }
}
