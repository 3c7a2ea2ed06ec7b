package io.cachedfactory.processor;

import com.palantir.javapoet.ClassName;
import com.sun.source.util.Trees;
import io.cachedfactory.processor.FactoryModel.FactoryMethod;
import io.cachedfactory.processor.FactoryModel.Settings;
import io.cachedfactory.processor.FactoryModel.TraitsCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Turns the elements annotated with {@code @CachedFactory} into {@link FactoryModel}s, reporting
 * every misuse it finds (all of them, not just the first) at the element or attribute at fault.
 * It checks where the annotation sits, runs one validator per concern and assembles the model:
 * {@link CachedTypeValidator} (the cached class), {@link FactoryMethodValidator} (the
 * constructors and static methods that build it), {@link SettingsValidator} (the attributes),
 * {@link TraitsValidator} and {@link InvariantValidator}. Their order is the order of the
 * diagnostics.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>{@code @CachedFactory} on a class makes every non-private constructor a {@code get}
 *       method. On constructors and static methods it makes exactly those factory methods; the
 *       annotations of one class then make one factory, and their attributes must agree (or be
 *       given on one of them only). On the class and on one of its members at once is an
 *       error ({@link Message#PLACEMENT}); on an instance method too
 *       ({@link Message#NOT_STATIC}).</li>
 *   <li>A static method must return the class it is declared in; that class is the cached type.
 *       Such a class may be abstract or an interface, since the factory never calls a
 *       constructor.</li>
 *   <li>A nested class's factory is named after the enclosing names joined by {@code _}, such as
 *       {@code Outer_InnerFactory}.</li>
 * </ul>
 */
final class Validator {

    private final Reporter reporter;
    private final CachedTypeValidator cachedType;
    private final FactoryMethodValidator factoryMethods;
    private final SettingsValidator settings;
    private final TraitsValidator traits;
    private final InvariantValidator invariants;

    /** @param trees javac's trees, or null outside javac (records then key memory by bytes) */
    Validator(Elements elements, Types types, Trees trees, Reporter reporter) {
        KeyTypes keyTypes = new KeyTypes(elements, types, trees);
        this.reporter = reporter;
        this.cachedType = new CachedTypeValidator(reporter);
        this.factoryMethods = new FactoryMethodValidator(elements, types, keyTypes, reporter);
        this.settings = new SettingsValidator(types, keyTypes, reporter);
        this.traits = new TraitsValidator(types, keyTypes, reporter);
        this.invariants = new InvariantValidator(reporter);
    }

    /**
     * Groups annotated elements by the class whose objects they build, sorted by its name. Instance
     * methods are reported and left out.
     */
    Map<TypeElement, List<Element>> group(Set<? extends Element> annotated) {
        Map<String, TypeElement> byName = new TreeMap<>();
        Map<TypeElement, List<Element>> groups = new HashMap<>();
        for (Element element : annotated) {
            TypeElement type;
            if (element instanceof TypeElement typeElement) {
                type = typeElement;
            } else if (element.getKind() == ElementKind.CONSTRUCTOR) {
                type = (TypeElement) element.getEnclosingElement();
            } else if (element.getKind() == ElementKind.METHOD) {
                if (!element.getModifiers().contains(Modifier.STATIC)) {
                    reporter.report(Message.NOT_STATIC, element, ElementNames.describe(element));
                    continue;
                }
                type = (TypeElement) element.getEnclosingElement();
            } else {
                continue;
            }
            byName.put(type.getQualifiedName().toString(), type);
            groups.computeIfAbsent(type, t -> new ArrayList<>()).add(element);
        }
        Map<TypeElement, List<Element>> sorted = new LinkedHashMap<>();
        byName.values().forEach(type -> sorted.put(type, groups.get(type)));
        return sorted;
    }

    /**
     * The model of {@code type}'s factory made by the {@code annotated} elements (the type itself,
     * or some of its constructors and static methods), or empty after reporting what is wrong.
     */
    Optional<FactoryModel> createIfValid(TypeElement type, List<Element> annotated) {
        int errorsBefore = reporter.errorCount();
        boolean onType = annotated.contains(type);
        if (onType && annotated.size() > 1) {
            for (Element member : annotated) {
                if (member != type) {
                    reporter.report(Message.PLACEMENT, member, Mirrors.cachedFactory(member), null,
                            type.getQualifiedName(), ElementNames.describe(member));
                }
            }
            return Optional.empty();
        }
        cachedType.check(type, onType
                || annotated.stream().anyMatch(e -> e.getKind() == ElementKind.CONSTRUCTOR));
        List<ExecutableElement> builders = factoryMethods.builders(type, annotated);
        Optional<Settings> attributes = settings.read(type, annotated);
        List<FactoryMethod> methods = factoryMethods.factoryMethods(type, builders);
        Optional<TraitsCall> traitsCall = traits.traits(type, methods);
        List<String> invariantNames = invariants.invariants(type);
        cachedType.warnAboutMutableFields(type);
        if (reporter.errorCount() > errorsBefore || attributes.isEmpty()) {
            return Optional.empty();
        }
        List<Element> originating = new ArrayList<>();
        originating.add(type);
        originating.addAll(attributes.get().dependsOn());
        attributes.get().codec().ifPresent(originating::add);
        return Optional.of(new FactoryModel(type, factoryName(type, attributes.get()), methods,
                traitsCall, invariantNames, attributes.get(), originating));
    }

    private static ClassName factoryName(TypeElement type, Settings settings) {
        String name = (String) Mirrors.value(settings.annotation(), "name").getValue();
        String packageName = Mirrors.packageOf(type).getQualifiedName().toString();
        if (!name.isEmpty()) {
            return ClassName.get(packageName, name);
        }
        List<String> names = new ArrayList<>();
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            names.add(0, e.getSimpleName().toString());
        }
        return ClassName.get(packageName, String.join("_", names) + "Factory");
    }
}
