package io.cachedfactory.processor;

import io.cachedfactory.common.FactoryRecord;
import io.cachedfactory.common.FactoryRecords;
import java.util.Collection;
import java.util.SortedMap;

/*
 * The lock file is committed with the code, so a reviewer sees in the diff every change that makes
 * stored objects of a factory unusable. Its blocks are FactoryRecords' line format (shared with
 * the manifest, described there); this class adds the header that tells a reader what the file is
 * and how to regenerate it. LockFileCheck decides when it is read, compared and written.
 */

/** Reads and writes the fingerprint lock file. */
final class LockFile {

    /** The header every written lock file starts with. */
    static final String HEADER = """
            # cachedfactory fingerprint lock file, written by the annotation processor.
            # One block per factory: "<factory> <cached type> <VERSION>", then each component of
            # its fingerprint, "<name> <value>". A change here means that objects stored by that
            # factory will be rebuilt. Do not edit by hand: after an intended change, regenerate
            # it by compiling with -Acachedfactory.lockfile.update=true (with the Maven setup in
            # the README: mvn compile -Dcachedfactory.updateLock=true) and commit it.
            """;

    private LockFile() {
    }

    /** The text of a lock file holding {@code entries}, sorted by factory name. */
    static String render(Collection<FactoryRecord> entries) {
        return FactoryRecords.render(HEADER, entries);
    }

    /** The entries of a lock file's text, by factory name. */
    static SortedMap<String, FactoryRecord> parse(String text)
            throws FactoryRecords.FormatException {
        return FactoryRecords.parse(text);
    }
}
