package io.cachedfactory.s3;

import io.cachedfactory.runtime.RemoteTierChild;

/**
 * The main class of {@link MultiProcessS3Test}'s child JVMs: one "machine" with its own store
 * directory and the shared S3 tier (opened from an {@code s3://} URI, as an application would,
 * with credentials from the SDK's default chain: the {@code aws.accessKeyId} and
 * {@code aws.secretAccessKey} system properties the test passes), asking {@link TableFactory} for
 * tables of {@link #SIZE}; see {@link RemoteTierChild} for its arguments and output.
 */
final class S3Child {

    static final int SIZE = 2000;

    private S3Child() {
    }

    public static void main(String[] args) throws Exception {
        RemoteTierChild.run(args, S3RemoteTierTest.KEY, store -> {
            TableFactory factory = new TableFactory(store);
            return RemoteTierChild.Asker.of(name -> factory.get(name, SIZE).holds(name, SIZE),
                    factory::stats);
        });
    }
}
