package io.cachedfactory.processor;

import io.cachedfactory.processor.FactoryFingerprint.Component;
import java.io.IOException;
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
 * {@value #PATH} in the class output, so it ships in the jar.
 *
 * <p>The format is JSON, UTF-8, two-space indented, factories sorted by name and components by
 * name, so the same build gives the same bytes:
 * <pre>
 * {
 *   "format": 1,
 *   "factories": [
 *     {
 *       "name": "com.acme.TableFactory",
 *       "type": "com.acme.Table",
 *       "version": "3f2a...",
 *       "components": {
 *         "codec:java-serialization/1": "java-serialization/1",
 *         "format:1": "1",
 *         "source:com.acme.Table": "sha256:..."
 *       }
 *     }
 *   ]
 * }
 * </pre>
 */
final class ManifestWriter {

    static final String PATH = "META-INF/cachedfactory/factories.json";

    private final Map<String, Entry> entries = new TreeMap<>();
    private final List<Element> originatingElements = new ArrayList<>();

    /** Adds one factory written in this compilation. */
    void add(FactoryModel model, FactoryFingerprint fingerprint) {
        entries.put(model.qualifiedFactoryName(), new Entry(model.qualifiedFactoryName(),
                model.cachedType().getQualifiedName().toString(), fingerprint));
        originatingElements.addAll(model.originatingElements());
    }

    /** Whether any factory was added. */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Writes the manifest; call once, when processing is over. */
    void write(Filer filer) throws IOException {
        FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH,
                originatingElements.toArray(new Element[0]));
        try (Writer out = new java.io.OutputStreamWriter(file.openOutputStream(),
                StandardCharsets.UTF_8)) {
            out.write(render());
        }
    }

    /** The manifest's text. */
    String render() {
        StringBuilder json = new StringBuilder("{\n  \"format\": 1,\n  \"factories\": [");
        String factorySeparator = "\n";
        for (Entry entry : entries.values()) {
            json.append(factorySeparator).append("    {\n");
            json.append("      \"name\": ").append(quote(entry.name())).append(",\n");
            json.append("      \"type\": ").append(quote(entry.type())).append(",\n");
            json.append("      \"version\": ").append(quote(entry.fingerprint().version()))
                    .append(",\n");
            json.append("      \"components\": {");
            String componentSeparator = "\n";
            for (Component component : entry.fingerprint().components()) {
                json.append(componentSeparator).append("        ")
                        .append(quote(component.name())).append(": ")
                        .append(quote(component.value()));
                componentSeparator = ",\n";
            }
            json.append("\n      }\n    }");
            factorySeparator = ",\n";
        }
        return json.append("\n  ]\n}\n").toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private record Entry(String name, String type, FactoryFingerprint fingerprint) {
    }
}
