package io.cachedfactory.processor;

import io.cachedfactory.common.FactoryManifest;
import io.cachedfactory.common.FactoryRecord;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Collects every factory of the compilation and writes the module's manifest,
 * {@value FactoryManifest#PATH} in the class output, so it ships in the jar.
 *
 * <p>The path and the format (the lock file's line format: one block per factory with its name,
 * cached type, VERSION and fingerprint components, sorted, so the same build gives the same bytes)
 * are {@link FactoryManifest}'s, which the command line tool reads with.
 */
final class ManifestWriter {

    private final Map<String, FactoryRecord> records = new TreeMap<>();
    private final List<Element> originatingElements = new ArrayList<>();

    /** Adds one factory written in this compilation. */
    void add(FactoryModel model, FactoryFingerprint fingerprint) {
        records.put(model.qualifiedFactoryName(), fingerprint.record(model));
        originatingElements.addAll(model.originatingElements());
    }

    /** Whether any factory was added. */
    boolean isEmpty() {
        return records.isEmpty();
    }

    /** Writes the manifest; call once, when processing is over. */
    void write(Filer filer) throws IOException {
        FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "",
                FactoryManifest.PATH, originatingElements.toArray(new Element[0]));
        try (Writer out = new OutputStreamWriter(file.openOutputStream(),
                StandardCharsets.UTF_8)) {
            out.write(FactoryManifest.render(records.values()));
        }
    }
}
