package io.cachedfactory.redis;

import io.cachedfactory.runtime.RemoteTierChild;

/**
 * The main class of {@link MultiProcessRedisTest}'s child JVMs: one "machine" with its own store
 * directory and the shared Redis tier, asking {@link ItemFactory} for items of {@link #SIZE}; see
 * {@link RemoteTierChild} for its arguments and output.
 */
final class RedisChild {

    static final int SIZE = 2000;

    private RedisChild() {
    }

    public static void main(String[] args) throws Exception {
        RemoteTierChild.run(args, RedisRemoteTierTest.KEY, store -> {
            ItemFactory factory = new ItemFactory(store);
            return RemoteTierChild.Asker.of(name -> factory.get(name, SIZE).isExactly(name, SIZE),
                    factory::stats);
        });
    }
}
