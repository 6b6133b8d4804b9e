package jp.renkei.server.handoff;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jp.renkei.protocol.Resources.PatientProfile;

/**
 * A discharge sheet as an HL7 FHIR R4 document Bundle: Composition (LOINC 18842-5 退院時サマリー) first,
 * then Patient, the two Organizations, the Encounter (admission to planned discharge), a Condition for the
 * diagnosis, one MedicationStatement per line of the discharge prescription, a DeviceUseStatement (with
 * its Device) for each device-based procedure and a Procedure for the others. {@code meta.profile} names
 * the JP-CLINS 退院時サマリー profiles for the Bundle and Composition and JP Core for the rest; free-text
 * sections (course, medication changes, what to watch for, follow-up, ADL, conference) are Composition
 * sections with narrative only. What does not map is listed in docs/architecture.md (handoff).
 */
final class HandoffFhir {

    static final String EDS = "http://jpfhir.jp/fhir/eDischargeSummary/StructureDefinition/";
    static final String CORE = "http://jpfhir.jp/fhir/core/StructureDefinition/";
    /** Procedures that are a device the patient lives with. */
    static final Set<String> DEVICES = Set.of("在宅酸素", "胃ろう", "尿道カテーテル", "中心静脈栄養", "ストーマ", "人工呼吸器");
    static final int MAX_MEDICATION_LINES = 50;

    private HandoffFhir() {
    }

    static Map<String, Object> bundle(Handoff h, HandoffService.Sealed s, HandoffTemplate template, String senderName,
                                      String receiverName, Instant now, ZoneId zone) {
        Map<String, Object> c = s.content();
        List<Map<String, Object>> entries = new ArrayList<>();
        String patientUrl = urn();
        String senderUrl = urn();
        String receiverUrl = urn();
        String encounterUrl = urn();
        String compositionUrl = urn();
        PatientProfile p = s.patient();

        Map<String, Object> patient = resource("Patient", CORE + "JP_Patient");
        Map<String, Object> name = new LinkedHashMap<>();
        name.put("use", "official");
        name.put("text", p.name());
        String[] parts = p.name().strip().split("[ 　]+", 2);
        name.put("family", parts[0]);
        if (parts.length > 1) {
            name.put("given", List.of(parts[1]));
        }
        List<Object> names = new ArrayList<>(List.of(name));
        if (p.nameKana() != null && !p.nameKana().isBlank()) {
            names.add(Map.of("extension", List.of(Map.of(
                    "url", "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", "valueCode", "SYL")),
                    "use", "official", "text", p.nameKana()));
        }
        patient.put("name", names);
        if (p.sex() != null) {
            patient.put("gender", switch (p.sex()) {
                case "female" -> "female";
                case "male" -> "male";
                default -> "other";
            });
        }
        if (p.birthDate() != null) {
            patient.put("birthDate", p.birthDate());
        }
        if (p.area() != null) {
            patient.put("address", List.of(Map.of("text", p.area(), "country", "JP")));
        }

        Map<String, Object> sender = resource("Organization", CORE + "JP_Organization");
        sender.put("name", senderName);
        Map<String, Object> receiver = resource("Organization", CORE + "JP_Organization");
        receiver.put("name", receiverName);

        Map<String, Object> encounter = resource("Encounter", CORE + "JP_Encounter");
        encounter.put("status", h.state().equals(Handoff.DRAFT) ? "in-progress" : "finished");
        encounter.put("class", Map.of("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code", "IMP",
                "display", "inpatient encounter"));
        encounter.put("subject", ref(patientUrl));
        Map<String, Object> period = new LinkedHashMap<>();
        if (c.get("admittedOn") instanceof String a) {
            period.put("start", a);
        }
        if (c.get("plannedDischargeOn") instanceof String d) {
            period.put("end", d);
        }
        if (!period.isEmpty()) {
            encounter.put("period", period);
        }
        encounter.put("serviceProvider", ref(senderUrl));
        // Where the patient goes: the receiving home team (or 地域包括支援センター).
        encounter.put("hospitalization", Map.of("destination", ref(receiverUrl)));

        List<Map<String, Object>> sections = new ArrayList<>();
        List<Map<String, Object>> clinical = new ArrayList<>();

        if (c.get("diagnosis") instanceof String diagnosis) {
            String url = urn();
            Map<String, Object> condition = resource("Condition", CORE + "JP_Condition");
            condition.put("clinicalStatus", concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
            condition.put("verificationStatus",
                    concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"));
            condition.put("category", List.of(concept("http://terminology.hl7.org/CodeSystem/condition-category",
                    "encounter-diagnosis")));
            condition.put("code", Map.of("text", diagnosis));
            condition.put("subject", ref(patientUrl));
            condition.put("encounter", ref(encounterUrl));
            clinical.add(entry(url, condition));
            sections.add(section("診断名", diagnosis, List.of(url)));
        }
        text(sections, "入院中の経過", c.get("course"));

        List<String> medRefs = new ArrayList<>();
        if (c.get("medications") instanceof String meds) {
            meds.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(MAX_MEDICATION_LINES).forEach(line -> {
                String url = urn();
                Map<String, Object> ms = resource("MedicationStatement", CORE + "JP_MedicationStatement");
                ms.put("status", "active");
                ms.put("medicationCodeableConcept", Map.of("text", line));
                ms.put("subject", ref(patientUrl));
                ms.put("context", ref(encounterUrl));
                clinical.add(entry(url, ms));
                medRefs.add(url);
            });
        }
        String medText = join(c.get("medications"), c.get("medicationChanges") == null ? null
                : "処方変更: " + c.get("medicationChanges"));
        if (medText != null) {
            sections.add(section("退院時の服薬", medText, medRefs));
        }

        List<String> procRefs = new ArrayList<>();
        if (c.get("medicalProcedures") instanceof List<?> procs) {
            for (Object o : procs) {
                String proc = String.valueOf(o);
                if (DEVICES.contains(proc)) {
                    String deviceUrl = urn();
                    Map<String, Object> device = resource("Device", null);
                    device.put("type", Map.of("text", proc));
                    device.put("patient", ref(patientUrl));
                    clinical.add(entry(deviceUrl, device));
                    String url = urn();
                    Map<String, Object> use = resource("DeviceUseStatement", null);
                    use.put("status", "active");
                    use.put("subject", ref(patientUrl));
                    use.put("device", ref(deviceUrl));
                    if ("在宅酸素".equals(proc) && c.get("oxygenFlow") instanceof String flow) {
                        use.put("note", List.of(Map.of("text", flow)));
                    }
                    clinical.add(entry(url, use));
                    procRefs.add(url);
                } else {
                    String url = urn();
                    Map<String, Object> procedure = resource("Procedure", CORE + "JP_Procedure");
                    procedure.put("status", "in-progress");
                    procedure.put("code", Map.of("text", proc));
                    procedure.put("subject", ref(patientUrl));
                    procedure.put("encounter", ref(encounterUrl));
                    clinical.add(entry(url, procedure));
                    procRefs.add(url);
                }
            }
            sections.add(section("退院後に必要な医療処置", join(String.join("、", procs.stream().map(String::valueOf).toList()),
                    c.get("procedureNotes")), procRefs));
        }
        text(sections, "退院時のADL", adl(c, template));
        text(sections, "在宅で気をつけること", c.get("whatToWatch"));
        text(sections, "看護の要約", c.get("nursingSummary"));
        text(sections, "外来受診・訪問診療", c.get("followUp"));
        text(sections, "退院前カンファレンス", join(c.get("conferenceAt"), join(c.get("conferencePlace"),
                c.get("conferenceAttendees"))));

        Map<String, Object> composition = resource("Composition", EDS + "JP_Composition_eDischargeSummary");
        composition.put("status", h.state().equals(Handoff.DRAFT) ? "preliminary" : "final");
        composition.put("type", Map.of("coding", List.of(Map.of("system", "http://loinc.org", "code", "18842-5",
                "display", "Discharge summary")), "text", "退院時サマリー"));
        composition.put("subject", ref(patientUrl));
        composition.put("encounter", ref(encounterUrl));
        composition.put("date", (h.sentAt() != null ? h.sentAt() : now).toString());
        composition.put("author", List.of(ref(senderUrl)));
        composition.put("title", template.title());
        composition.put("custodian", ref(senderUrl));
        composition.put("section", sections);

        entries.add(entry(compositionUrl, composition));
        entries.add(entry(patientUrl, patient));
        entries.add(entry(senderUrl, sender));
        entries.add(entry(receiverUrl, receiver));
        entries.add(entry(encounterUrl, encounter));
        entries.addAll(clinical);

        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("meta", Map.of("profile", List.of(EDS + "JP_Bundle_eDischargeSummary")));
        bundle.put("identifier", Map.of("system", "urn:ietf:rfc:3986", "value", "urn:uuid:"
                + UUID.nameUUIDFromBytes((h.id() + ":" + h.version()).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        bundle.put("type", "document");
        bundle.put("timestamp", now.toString());
        bundle.put("entry", entries);
        return bundle;
    }

    private static String adl(Map<String, Object> c, HandoffTemplate template) {
        StringBuilder b = new StringBuilder();
        for (HandoffTemplate.Section s : template.sections()) {
            if (!s.id().equals("adl")) {
                continue;
            }
            for (HandoffTemplate.Field f : s.fields()) {
                Object v = c.get(f.id());
                if (v != null) {
                    b.append(b.isEmpty() ? "" : " / ").append(f.label()).append(": ").append(v);
                }
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static String join(Object a, Object b) {
        String x = a == null ? null : String.valueOf(a);
        String y = b == null ? null : String.valueOf(b);
        if (x == null) {
            return y;
        }
        return y == null ? x : x + "\n" + y;
    }

    private static void text(List<Map<String, Object>> sections, String title, Object value) {
        if (value instanceof String s && !s.isBlank()) {
            sections.add(section(title, s, List.of()));
        }
    }

    private static Map<String, Object> section(String title, String text, List<String> refs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("text", Map.of("status", "generated", "div", "<div xmlns=\"http://www.w3.org/1999/xhtml\">"
                + xhtml(text) + "</div>"));
        if (!refs.isEmpty()) {
            m.put("entry", refs.stream().map(HandoffFhir::ref).toList());
        }
        return m;
    }

    static String xhtml(String s) {
        StringBuilder b = new StringBuilder();
        String[] lines = s.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.append("<br/>");
            }
            b.append(lines[i].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;"));
        }
        return b.toString();
    }

    private static Map<String, Object> resource(String type, String profile) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resourceType", type);
        if (profile != null) {
            m.put("meta", Map.of("profile", List.of(profile)));
        }
        return m;
    }

    private static Map<String, Object> concept(String system, String code) {
        return Map.of("coding", List.of(Map.of("system", system, "code", code)));
    }

    private static Map<String, Object> entry(String url, Map<String, Object> resource) {
        return Map.of("fullUrl", url, "resource", resource);
    }

    private static Map<String, Object> ref(String url) {
        return Map.of("reference", url);
    }

    private static String urn() {
        return "urn:uuid:" + UUID.randomUUID();
    }
}
