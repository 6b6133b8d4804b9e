package jp.renkei.server.handoff;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DeviceUseStatement;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parses the discharge FHIR document with HAPI FHIR, validates it against the R4 base specification
 * (structure, invariants such as bdl-9/10 for documents, references inside the Bundle) and reads back
 * what it says. The JP-CLINS and JP Core profiles named in {@code meta.profile} are not available
 * offline: the validator's notice that it could not check them is the only message let through.
 */
final class HandoffFhirCheck {

    private static FhirContext ctx;
    private static FhirValidator validator;

    private HandoffFhirCheck() {
    }

    static synchronized void check(String json, String patientName) {
        if (ctx == null) {
            ctx = FhirContext.forR4();
            ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                    new InMemoryTerminologyServerValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx));
            validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
        }
        List<SingleValidationMessage> messages = validator.validateWithResult(json).getMessages();
        List<SingleValidationMessage> serious = messages.stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .filter(m -> !unknownProfile(m))
                .toList();
        assertThat(serious).as(() -> describe(messages)).isEmpty();
        // The check is not vacuous: a document without its Composition first is an error.
        assertThat(validator.validateWithResult(json.replace("\"type\":\"document\"", "\"type\":\"documentx\""))
                .getMessages().stream().anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR)).isTrue();

        Bundle bundle = ctx.newJsonParser().parseResource(Bundle.class, json);
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        assertThat(bundle.getMeta().getProfile().get(0).getValue()).contains("JP_Bundle_eDischargeSummary");
        Composition c = (Composition) bundle.getEntryFirstRep().getResource();
        assertThat(c.getType().getCodingFirstRep().getCode()).isEqualTo("18842-5");
        assertThat(c.getSection()).extracting(Composition.SectionComponent::getTitle)
                .contains("診断名", "退院時の服薬", "退院後に必要な医療処置", "在宅で気をつけること");
        assertThat(c.getSection().stream().map(s -> s.getText().getDivAsString()).collect(Collectors.joining()))
                .contains("&lt;script&gt;").doesNotContain("<script>");
        Patient p = (Patient) resource(bundle, Patient.class);
        assertThat(p.getNameFirstRep().getText()).isEqualTo(patientName);
        assertThat(((Condition) resource(bundle, Condition.class)).getCode().getText()).isEqualTo("大腿骨頸部骨折");
        assertThat(bundle.getEntry().stream().filter(e -> e.getResource() instanceof MedicationStatement).count()).isEqualTo(2);
        assertThat(resource(bundle, DeviceUseStatement.class)).isNotNull();
        assertThat(((Procedure) resource(bundle, Procedure.class)).getCode().getText()).isEqualTo("褥瘡処置");
    }

    private static boolean unknownProfile(SingleValidationMessage m) {
        String text = m.getMessage().toLowerCase(Locale.ROOT);
        return text.contains("jpfhir.jp") && (text.contains("profile") || text.contains("unknown"));
    }

    private static Object resource(Bundle b, Class<?> type) {
        return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).findFirst()
                .orElse(null);
    }

    private static String describe(List<SingleValidationMessage> messages) {
        return messages.stream().map(m -> m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage())
                .collect(Collectors.joining("\n"));
    }
}
