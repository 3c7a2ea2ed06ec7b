/**
 * Internal: shared by the processor and the runtime; not an API; may change in any release.
 *
 * <p>Each class here is one contract that the annotation processor (at build time) and the runtime
 * (at run time) must follow identically, such as how a fingerprint is digested into a factory's
 * {@code VERSION}. Keeping the rule in one place means the two sides cannot drift; the processor
 * cannot depend on the runtime (it runs on javac's annotation processor path), so the rule lives
 * in this small module without dependencies that both depend on. Applications never import it.
 */
package io.cachedfactory.common;
