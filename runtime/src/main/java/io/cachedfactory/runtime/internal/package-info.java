/**
 * For generated factories only; no compatibility promise: anything here may change or go in any
 * release, as in Dagger's {@code dagger.internal}.
 *
 * <p>The annotation processor writes {@code <X>Factory} classes that build a
 * {@link io.cachedfactory.runtime.internal.FactoryDescriptor}, obtain a
 * {@link io.cachedfactory.runtime.internal.FactoryCache} from the store and ask it for objects with
 * a record of each call's arguments, a {@link io.cachedfactory.runtime.internal.CacheRequest} that
 * encodes its {@link io.cachedfactory.runtime.internal.RequestKey} on a memory miss; the key's
 * canonical byte encoding
 * (KeyEncoder, KeyDecoder and their helpers) lives here with it. Applications use the generated
 * factories and the public API of {@code io.cachedfactory.runtime}: {@code CacheStore},
 * {@code CacheState}, {@code FactoryStats}, {@code Fingerprint}, {@code Codec} and the codecs,
 * {@code Explanation}, and the remote tier SPI.
 */
package io.cachedfactory.runtime.internal;
