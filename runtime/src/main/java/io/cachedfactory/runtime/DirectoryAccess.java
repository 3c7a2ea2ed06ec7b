package io.cachedfactory.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Checks that a store directory is not writable by other users: whoever can write it can plant
 * payloads, and an unsigned payload is decoded with the codec (Java serialization by default).
 */
final class DirectoryAccess {

    private DirectoryAccess() {
    }

    /**
     * Whether the store may use {@code disk}: warns when others can write the directory, and
     * refuses when {@code require} is set.
     */
    static boolean isPrivate(DiskTier disk, boolean require, boolean signed) {
        Set<PosixFilePermission> permissions;
        String owner;
        String me = System.getProperty("user.name");
        try {
            permissions = Files.getPosixFilePermissions(disk.root());
            owner = Files.getOwner(disk.root()).getName();
        } catch (UnsupportedOperationException | IOException e) {
            return true; // not a POSIX file system: nothing to check
        }
        boolean othersWrite = permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE);
        boolean foreignOwner = me != null && !owner.equals(me);
        if (!othersWrite && !foreignOwner) {
            return true;
        }
        String problem = othersWrite ? "is writable by other users" : "is owned by " + owner;
        if (require) {
            StorageWarnings.log().log(Level.ERROR, "cachedfactory store " + disk.root() + " "
                    + problem + "; refusing it (requirePrivateDirectory): working in memory only. "
                    + "Fix with: chmod 700 " + disk.root());
            return false;
        }
        disk.warnings().warnOnce("the store directory " + problem,
                signed ? "payloads are signed, so foreign ones are refused"
                        : "anyone who can write it can make this process decode their payloads; "
                                + "chmod 700 it, or use CacheStore.Builder.signingKey", null);
        return true;
    }
}
