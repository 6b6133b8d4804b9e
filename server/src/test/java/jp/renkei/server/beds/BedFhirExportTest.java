package jp.renkei.server.beds;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Address;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FHIR R4 export ({@code GET /api/beds/export/fhir}) fetched from the running server and checked by
 * HAPI FHIR's instance validator against the R4 base specification (structure, cardinality,
 * invariants, required bindings, v2-0116 and location-physical-type codes, references inside the
 * Bundle). Demo-like notices: two clinics, beds left, no beds left, and one gone stale.
 */
class BedFhirExportTest extends ServerTestBase {

    /** Built once: loading the R4 definitions is the slow part (a few seconds). */
    private static FhirValidator validator(FhirContext ctx) {
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx));
        FhirInstanceValidator instance = new FhirInstanceValidator(chain);
        return ctx.newValidator().registerValidatorModule(instance);
    }

    private UserAccount staff(OrganizationKind kind, Profession profession, String orgName, String area) {
        String orgId = "o-fhir-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(orgId, orgName, kind, area));
        return newUserIn(profession, orgId);
    }

    private static String notice(String bedType, int available, String from, String until, String accepts,
                                 String sex, String contact, String remarks, Instant expiresAt) {
        return """
                {"bedType":"%s","available":%d,"availableFrom":"%s","availableUntil":%s,"accepts":[%s],
                 "sex":"%s","contact":"%s","remarks":%s,"expiresAt":"%s"}"""
                .formatted(bedType, available, from, until == null ? "null" : "\"" + until + "\"", accepts, sex,
                        contact, remarks == null ? "null" : "\"" + remarks + "\"", expiresAt);
    }

    @Test
    void theExportIsAValidR4BundleOfOrganizationsAndBedLocations() throws Exception {
        UserAccount kita = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE, "きた有床診療所", "北区");
        UserAccount minami = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE, "みなみ有床診療所", "南区");
        UserAccount office = staff(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER, "岡山北病院", "北区");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        Instant tomorrow = Instant.now().plus(20, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        ApiClient kitaApi = login(kita);
        ApiClient minamiApi = login(minami);
        String respite = created(kitaApi.post("/api/beds/notices", notice("respite", 2, today.toString(),
                today.plusDays(14).toString(), "\"oxygen\",\"suction\",\"dementia\"", "any", "2階病棟 看護師長 内線201",
                "週末の入院も相談可", tomorrow)));
        String palliative = created(kitaApi.post("/api/beds/notices", notice("palliative", 0,
                today.plusDays(1).toString(), null, "\"oxygen\",\"end_of_life\"", "any", "地域連携担当 内線105", null,
                tomorrow)));
        String community = created(minamiApi.post("/api/beds/notices", notice("community", 3, today.toString(),
                today.plusDays(30).toString(), "\"tube_feeding\",\"rehabilitation\"", "female", "病棟 主任看護師 内線12",
                "女性病室のみ", tomorrow)));
        // Goes stale a moment after publishing (real time, so the shared test server's clock is untouched).
        Instant soon = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
        String stale = created(minamiApi.post("/api/beds/notices", notice("general", 1, today.toString(), null,
                "", "male", "外来 内線3", null, soon)));
        Thread.sleep(Math.max(0, soon.toEpochMilli() - System.currentTimeMillis() + 200));

        ApiClient.Response r = login(office).get("/api/beds/export/fhir");
        assertThat(r.status()).as(r.body()).isEqualTo(200);

        FhirContext ctx = FhirContext.forR4();
        FhirValidator validator = validator(ctx);
        List<SingleValidationMessage> messages = validator.validateWithResult(r.body()).getMessages();
        assertThat(serious(messages)).as(() -> describe(messages)).isEmpty();
        // The validator only warns about a reference that does not resolve inside the Bundle: refuse that too.
        assertThat(messages).as(() -> describe(messages))
                .noneMatch(m -> m.getMessage().toLowerCase(java.util.Locale.ROOT).contains("reference"));
        // The check is not vacuous: a bed status outside v2-0116 is an error.
        assertThat(serious(validator.validateWithResult(r.body().replace("\"code\":\"U\"", "\"code\":\"X\""))
                .getMessages())).isNotEmpty();

        // And it says what it should, read back through HAPI's model.
        Bundle bundle = ctx.newJsonParser().parseResource(Bundle.class, r.body());
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(bundle.getEntry()).allMatch(e -> e.getFullUrl().startsWith("urn:uuid:"));
        Location respiteLoc = location(bundle, respite);
        assertThat(respiteLoc.getStatus()).isEqualTo(Location.LocationStatus.ACTIVE);
        assertThat(respiteLoc.getOperationalStatus().getCode()).isEqualTo("U");
        assertThat(respiteLoc.getPhysicalType().getCodingFirstRep().getCode()).isEqualTo("bd");
        assertThat(location(bundle, palliative).getOperationalStatus().getCode()).isEqualTo("O");
        Location staleLoc = location(bundle, stale);
        assertThat(staleLoc.getStatus()).isEqualTo(Location.LocationStatus.SUSPENDED);
        assertThat(staleLoc.getOperationalStatus().getCode()).isEqualTo("C");
        // Every Location's managing organisation is an Organization entry of the same Bundle.
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (e.getResource() instanceof Location l) {
                assertThat(organization(bundle, l.getManagingOrganization().getReference())).isNotNull();
            }
        }
        org.hl7.fhir.r4.model.Organization minamiOrg =
                organization(bundle, location(bundle, community).getManagingOrganization().getReference());
        assertThat(minamiOrg.getName()).isEqualTo("みなみ有床診療所");
        assertThat(minamiOrg.getAddress()).extracting(Address::getDistrict).containsExactly("南区");
        assertThat(location(bundle, respite).getManagingOrganization().getReference())
                .isNotEqualTo(location(bundle, community).getManagingOrganization().getReference());
    }

    private static List<SingleValidationMessage> serious(List<SingleValidationMessage> messages) {
        return messages.stream().filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR
                || m.getSeverity() == ResultSeverityEnum.FATAL).toList();
    }

    private static String describe(List<SingleValidationMessage> messages) {
        return messages.stream().map(m -> m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"));
    }

    private static org.hl7.fhir.r4.model.Organization organization(Bundle bundle, String fullUrl) {
        return bundle.getEntry().stream()
                .filter(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Organization)
                .filter(e -> e.getFullUrl().equals(fullUrl))
                .map(e -> (org.hl7.fhir.r4.model.Organization) e.getResource())
                .findFirst().orElseThrow(() -> new AssertionError("no Organization entry for " + fullUrl));
    }

    private static String created(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    private static Location location(Bundle bundle, String noticeId) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Location.class::isInstance).map(Location.class::cast)
                .filter(l -> l.getIdElement().getIdPart().equals(noticeId))
                .findFirst().orElseThrow(() -> new AssertionError("no Location for " + noticeId));
    }
}
