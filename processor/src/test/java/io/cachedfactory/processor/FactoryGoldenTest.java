package io.cachedfactory.processor;

import static io.cachedfactory.processor.Goldens.assertGenerated;
import static io.cachedfactory.processor.Goldens.compileGood;

import org.junit.jupiter.api.Test;

/** Acceptance 1: the generated factories, compared with the expected sources. */
class FactoryGoldenTest {

    @Test
    void process_annotatedClass_generatesFactoryWithOneGet() {
        assertGenerated(compileGood("Plain"), "com.acme.PlainFactory");
    }

    @Test
    void process_annotatedConstructor_generatesGetForThatConstructorOnly() {
        assertGenerated(compileGood("OnConstructor"), "com.acme.OnConstructorFactory");
    }

    @Test
    void process_annotatedStaticMethod_generatesMethodOfThatName() {
        assertGenerated(compileGood("OnStaticMethod"), "com.acme.OnStaticMethodFactory");
    }

    @Test
    void process_severalConstructors_generatesOneGetEach() {
        assertGenerated(compileGood("SeveralConstructors"), "com.acme.SeveralConstructorsFactory");
    }

    @Test
    void process_traitsMethod_addsTraitsToEveryKey() {
        assertGenerated(compileGood("WithTraits"), "com.acme.WithTraitsFactory");
    }

    @Test
    void process_parametersNamedLikeRecordMembers_getOtherComponentNames() {
        assertGenerated(compileGood("ReservedNames"), "com.acme.ReservedNamesFactory");
    }

    @Test
    void process_recordArguments_keyMemoryByTheRecordOnlyWithTheImplicitEquals() {
        assertGenerated(compileGood("RecordArguments"), "com.acme.RecordArgumentsFactory");
    }

    @Test
    void process_invariantMethods_addsThemToTheDescriptor() {
        assertGenerated(compileGood("WithInvariants"), "com.acme.WithInvariantsFactory");
    }

    @Test
    void process_everyAttribute_generatesNamedFactoryWithAllSettings() {
        assertGenerated(compileGood("EveryAttribute", "EveryAttributeCodec", "Schema", "Units",
                "Rounding"), "com.acme.TablesByYear");
    }

    @Test
    void process_javaSerializationCodec_generatesThatCodecAndItsIdInTheFingerprint() {
        assertGenerated(compileGood("WithJavaSerialization"),
                "com.acme.WithJavaSerializationFactory");
    }

    @Test
    void process_manualSensitivity_leavesSourcesOut() {
        assertGenerated(compileGood("Manual", "Schema", "Units"), "com.acme.ManualFactory");
    }

    @Test
    void process_nestedClass_namesFactoryAfterEnclosingClasses() {
        assertGenerated(compileGood("Outer"), "com.acme.Outer_NestedFactory");
    }

    @Test
    void process_twoFactories_writesManifestListingBoth() {
        Goldens.assertManifest(compileGood("Plain", "WithTraits"), "factories.txt");
    }
}
