package io.cachedfactory.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
     * Whether the store may use the directory {@code root}: warns when others can write it or it
     * belongs to another user, and refuses it when {@code require} is set. Runs before anything in
     * the directory is created, deleted, locked or parsed.
     */
    static boolean isPrivate(Path root, StorageWarnings warnings, boolean require, boolean signed) {
        Set<PosixFilePermission> permissions;
        String owner;
        String me = System.getProperty("user.name");
        try {
            permissions = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
            owner = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).getName();
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
            StorageWarnings.log().log(Level.ERROR, "cachedfactory store " + root + " "
                    + problem + "; refusing it (requirePrivateDirectory): working in memory only. "
                    + "Fix with: chmod 700 " + root);
            return false;
        }
        warnings.warnOnce("the store directory " + problem,
                signed ? "payloads are signed, so foreign ones are refused"
                        : "anyone who can write it can make this process decode their payloads; "
                                + "chmod 700 it, or use CacheStore.Builder.signingKey", null);
        return true;
    }
}
