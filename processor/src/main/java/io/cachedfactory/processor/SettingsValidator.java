package io.cachedfactory.processor;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.Sensitivity;
import io.cachedfactory.processor.FactoryModel.Settings;
import io.cachedfactory.processor.FactoryModel.VersionCounter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Reads the {@code @CachedFactory} attributes of one factory into its {@link Settings}, reporting
 * each bad attribute on its annotation and value:
 * <ul>
 *   <li>the annotations of one class's constructors and static methods make one factory: the first
 *       one with explicit attributes gives them, and any other with different explicit attributes
 *       is a {@link Message#CONFLICT};</li>
 *   <li>{@code dependsOn} names classes or interfaces ({@link Message#DEPENDS_ON});
 *       {@code resources} are relative paths without {@code .} or {@code ..} segments
 *       ({@link Message#RESOURCE_PATH}); {@code versions} have distinct, non-blank owners and
 *       counters from 0 ({@code VERSION_*}); {@code maxAge} is a positive ISO-8601 duration
 *       ({@link Message#MAX_AGE}); {@code name} is a Java identifier
 *       ({@link Message#NAME_INVALID});</li>
 *   <li>{@code codec} implements {@code Codec} of the cached type ({@link Message#CODEC}) and the
 *       factory can create it: a public (or same-package), concrete, top-level or static class
 *       with such a no-argument constructor ({@link Message#CODEC_CONSTRUCTOR}).</li>
 * </ul>
 */
final class SettingsValidator {

    private final Types types;
    private final KeyTypes keyTypes;
    private final Reporter reporter;

    SettingsValidator(Types types, KeyTypes keyTypes, Reporter reporter) {
        this.types = types;
        this.keyTypes = keyTypes;
        this.reporter = reporter;
    }

    /** The settings of {@code type}'s factory, or empty after reporting what is wrong. */
    Optional<Settings> read(TypeElement type, List<Element> annotated) {
        Element primary = annotated.get(0);
        for (Element element : annotated) {
            if (!Mirrors.cachedFactory(element).getElementValues().isEmpty()) {
                primary = element;
                break;
            }
        }
        AnnotationMirror annotation = Mirrors.cachedFactory(primary);
        Map<String, String> primaryText = Mirrors.explicitText(annotation);
        for (Element element : annotated) {
            AnnotationMirror other = Mirrors.cachedFactory(element);
            if (element != primary && !other.getElementValues().isEmpty()
                    && !Mirrors.explicitText(other).equals(primaryText)) {
                reporter.report(Message.CONFLICT, element, other, null,
                        ElementNames.describe(primary), type.getQualifiedName());
            }
        }
        int errorsBefore = reporter.errorCount();
        List<TypeElement> dependsOn = dependsOn(type, primary, annotation);
        List<String> resources = resources(primary, annotation);
        List<VersionCounter> versions = versions(primary, annotation);
        Optional<String> maxAge = maxAge(primary, annotation);
        Optional<TypeElement> codec = codec(type, primary, annotation);
        BuiltInCodec builtInCodec = builtInCodec(annotation);

        String sensitivity = ((VariableElement) Mirrors.value(annotation, "sensitivity")
                .getValue()).getSimpleName().toString();
        String memory = ((VariableElement) Mirrors.value(annotation, "memory").getValue())
                .getSimpleName().toString();
        boolean persistent = (Boolean) Mirrors.value(annotation, "persistent").getValue();

        AnnotationValue nameValue = Mirrors.value(annotation, "name");
        String name = (String) nameValue.getValue();
        if (!name.isEmpty() && (!SourceVersion.isIdentifier(name)
                || SourceVersion.isKeyword(name))) {
            reporter.report(Message.NAME_INVALID, primary, annotation, nameValue, name);
        }
        if (reporter.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new Settings(primary, annotation, dependsOn, resources, versions,
                Sensitivity.valueOf(sensitivity), maxAge, codec, builtInCodec,
                MemoryPolicy.valueOf(memory),
                persistent));
    }

    private List<TypeElement> dependsOn(TypeElement type, Element primary,
            AnnotationMirror annotation) {
        List<TypeElement> dependsOn = new ArrayList<>();
        for (AnnotationValue value : Mirrors.list(annotation, "dependsOn")) {
            if (!(value.getValue() instanceof TypeMirror dependency)) {
                continue; // an unresolved class literal, which javac reports itself
            }
            if (dependency.getKind() == TypeKind.DECLARED) {
                dependsOn.add((TypeElement) ((DeclaredType) dependency).asElement());
            } else if (dependency.getKind() != TypeKind.ERROR) {
                reporter.report(Message.DEPENDS_ON, primary, annotation, value,
                        dependency + ".class", type.getSimpleName());
            }
        }
        return List.copyOf(dependsOn);
    }

    private List<String> resources(Element primary, AnnotationMirror annotation) {
        List<String> resources = new ArrayList<>();
        for (AnnotationValue value : Mirrors.list(annotation, "resources")) {
            String path = (String) value.getValue();
            if (isRelativePath(path)) {
                resources.add(path);
            } else {
                reporter.report(Message.RESOURCE_PATH, primary, annotation, value, path);
            }
        }
        return List.copyOf(resources);
    }

    private List<VersionCounter> versions(Element primary, AnnotationMirror annotation) {
        List<VersionCounter> versions = new ArrayList<>();
        Set<String> owners = new HashSet<>();
        for (AnnotationValue value : Mirrors.list(annotation, "versions")) {
            AnnotationMirror version = (AnnotationMirror) value.getValue();
            String owner = (String) Mirrors.value(version, "owner").getValue();
            int counter = (Integer) Mirrors.value(version, "value").getValue();
            if (owner.isBlank()) {
                reporter.report(Message.VERSION_BLANK, primary, version, null);
            } else if (!owners.add(owner)) {
                reporter.report(Message.VERSION_DUPLICATE, primary, version, null, owner);
            } else if (counter < 0) {
                reporter.report(Message.VERSION_NEGATIVE, primary, version,
                        Mirrors.value(version, "value"), owner, counter);
            }
            versions.add(new VersionCounter(owner, counter));
        }
        return List.copyOf(versions);
    }

    private Optional<String> maxAge(Element primary, AnnotationMirror annotation) {
        AnnotationValue value = Mirrors.value(annotation, "maxAge");
        String text = (String) value.getValue();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (isPositiveDuration(text)) {
            return Optional.of(text);
        }
        reporter.report(Message.MAX_AGE, primary, annotation, value, text);
        return Optional.empty();
    }

    private Optional<TypeElement> codec(TypeElement type, Element primary,
            AnnotationMirror annotation) {
        AnnotationValue value = Mirrors.value(annotation, "codec");
        if (!(value.getValue() instanceof TypeMirror codecType)
                || codecType.getKind() == TypeKind.VOID
                || codecType.getKind() == TypeKind.ERROR) {
            return Optional.empty();
        }
        if (codecType.getKind() != TypeKind.DECLARED) {
            reporter.report(Message.CODEC, primary, annotation, value, codecType,
                    type.getQualifiedName());
            return Optional.empty();
        }
        DeclaredType declared = (DeclaredType) codecType;
        TypeElement codec = (TypeElement) declared.asElement();
        if (BuiltInCodec.named(codec.getQualifiedName()).isPresent()) {
            return Optional.empty(); // made for the cached type by the generated factory
        }
        DeclaredType asCodec = keyTypes.asSupertype(declared, Mirrors.CODEC);
        if (asCodec == null || asCodec.getTypeArguments().size() != 1 || !types.isSameType(
                asCodec.getTypeArguments().get(0), types.erasure(type.asType()))) {
            reporter.report(Message.CODEC, primary, annotation, value, codec.getQualifiedName(),
                    type.getQualifiedName());
            return Optional.empty();
        }
        boolean samePackage = Mirrors.packageOf(codec).equals(Mirrors.packageOf(type));
        boolean usable = codec.getKind() == ElementKind.CLASS
                && !codec.getModifiers().contains(Modifier.ABSTRACT)
                && (codec.getNestingKind() == NestingKind.TOP_LEVEL
                        || codec.getModifiers().contains(Modifier.STATIC))
                && accessible(codec, samePackage)
                && ElementFilter.constructorsIn(codec.getEnclosedElements()).stream().anyMatch(
                        c -> c.getParameters().isEmpty() && accessible(c, samePackage));
        if (!usable) {
            reporter.report(Message.CODEC_CONSTRUCTOR, primary, annotation, value,
                    codec.getQualifiedName());
            return Optional.empty();
        }
        return Optional.of(codec);
    }

    /** The runtime codec the attribute names, else the default. */
    private static BuiltInCodec builtInCodec(AnnotationMirror annotation) {
        if (Mirrors.value(annotation, "codec").getValue() instanceof TypeMirror codecType
                && codecType.getKind() == TypeKind.DECLARED) {
            return BuiltInCodec.named(((TypeElement) ((DeclaredType) codecType).asElement())
                    .getQualifiedName()).orElse(BuiltInCodec.FORY);
        }
        return BuiltInCodec.FORY;
    }

    private static boolean accessible(Element element, boolean samePackage) {
        Set<Modifier> modifiers = element.getModifiers();
        return modifiers.contains(Modifier.PUBLIC)
                || (samePackage && !modifiers.contains(Modifier.PRIVATE));
    }

    private static boolean isRelativePath(String path) {
        if (path.isBlank() || path.startsWith("/") || path.contains("\\")
                || path.matches("^[A-Za-z]:.*")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPositiveDuration(String text) {
        try {
            Duration duration = Duration.parse(text);
            return !duration.isNegative() && !duration.isZero();
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
