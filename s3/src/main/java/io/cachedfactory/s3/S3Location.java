package io.cachedfactory.s3;

import java.util.regex.Pattern;

/**
 * Where a tier's objects live: a bucket and a key prefix, under which every entry is one object
 * {@code <prefix>entries/<entry id>} and every build lease one object
 * {@code <prefix>leases/<entry id>}. Separate sub-prefixes let a bucket lifecycle rule remove
 * abandoned leases sooner than entries.
 *
 * @param bucket an S3 bucket name
 * @param prefix empty, or ending with {@code /}
 */
record S3Location(String bucket, String prefix) {

    /** S3's bucket naming rules, loosely: 3 to 63 lower-case letters, digits, dots, hyphens. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ENTRY_ID = Pattern.compile("[0-9a-f]{64}");
    static final String ENTRIES = "entries/";
    static final String LEASES = "leases/";

    S3Location {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket '" + bucket + "' is not an S3 bucket name"
                    + " (3 to 63 lower-case letters, digits, dots and hyphens)");
        }
        prefix = normalize(prefix);
    }

    /** {@code a/b} and {@code /a/b/} become {@code a/b/}; empty stays empty. */
    private static String normalize(String prefix) {
        String trimmed = prefix.replaceAll("^/+", "").replaceAll("/+$", "");
        if (trimmed.contains("//") || trimmed.contains("\\")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' has an empty segment or a"
                    + " backslash");
        }
        return trimmed.isEmpty() ? "" : trimmed + "/";
    }

    /** The key of an entry's object. */
    String entryKey(String entryId) {
        return prefix + ENTRIES + checkedId(entryId);
    }

    /** The key of an entry's build lease. */
    String leaseKey(String entryId) {
        return prefix + LEASES + checkedId(entryId);
    }

    /** The prefix every entry's key starts with. */
    String entriesPrefix() {
        return prefix + ENTRIES;
    }

    /** The entry id an entry key names, or null if {@code key} is not one. */
    String entryIdOf(String key) {
        if (!key.startsWith(entriesPrefix())) {
            return null;
        }
        String id = key.substring(entriesPrefix().length());
        return ENTRY_ID.matcher(id).matches() ? id : null;
    }

    private static String checkedId(String entryId) {
        if (!ENTRY_ID.matcher(entryId).matches()) {
            throw new IllegalArgumentException("entry id must be 64 lower-case hex digits");
        }
        return entryId;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
