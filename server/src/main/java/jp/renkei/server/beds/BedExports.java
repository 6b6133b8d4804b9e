package jp.renkei.server.beds;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import jp.renkei.protocol.Timestamps;
import org.springframework.stereotype.Component;

/**
 * The board in standard formats for other systems: an HL7 FHIR R4 {@code Bundle} (type
 * {@code collection}) of {@code Organization} and bed {@code Location} resources, and an OASIS
 * EDXL-HAVE 1.0 {@code HospitalStatus} document. Built by hand (maps and the JDK's StAX writer): the
 * server needs no FHIR or XML binding library for two small read-only documents.
 */
@Component
class BedExports {

    static final String HAVE_NS = "urn:oasis:names:tc:emergency:EDXL:HAVE:1.0";
    private static final String V2_0116 = "http://terminology.hl7.org/CodeSystem/v2-0116";

    /**
     * One {@code Location} per notice: mode {@code kind} (a pool of beds, not one bed), physical type
     * {@code bd}, status {@code active} and operational status from HL7 v2 table 0116 ({@code U}
     * unoccupied while beds remain, {@code O} occupied at zero) while the notice is fresh; once stale,
     * status {@code suspended} and operational status {@code C} (closed), so that a system reading only
     * the codes does not offer a bed nobody has confirmed. Entries are addressed by {@code urn:uuid}
     * full URLs (the export is a document, not a FHIR REST server) and each Location's
     * {@code managingOrganization} points at its clinic's Organization entry in the same Bundle.
     * Checked by HAPI FHIR's validator in {@code BedFhirExportTest}.
     */
    Map<String, Object> fhirBundle(List<BedNotice> board, Instant now) {
        List<Object> entries = new ArrayList<>();
        Map<String, BedNotice> clinics = new LinkedHashMap<>();
        board.forEach(n -> clinics.putIfAbsent(n.clinicId(), n));
        clinics.values().forEach(n -> {
            Map<String, Object> org = new LinkedHashMap<>();
            org.put("resourceType", "Organization");
            org.put("id", n.clinicId());
            org.put("text", narrative(n.clinicName() + "（" + n.area() + "）"));
            org.put("active", true);
            org.put("type", List.of(Map.of("coding", List.of(coding(
                    "http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")))));
            org.put("name", n.clinicName());
            org.put("address", List.of(Map.of("district", n.area(), "country", "JP")));
            entries.add(Map.of("fullUrl", organizationUrl(n.clinicId()), "resource", org));
        });
        for (BedNotice n : board) {
            boolean open = n.status(now).equals("open");
            Map<String, Object> loc = new LinkedHashMap<>();
            loc.put("resourceType", "Location");
            loc.put("id", n.id());
            String description = "available=" + n.available() + "; from=" + n.availableFrom()
                    + (n.availableUntil() == null ? "" : "; until=" + n.availableUntil())
                    + "; sex=" + n.sex() + "; accepts=" + String.join(",", n.accepts())
                    + "; expires=" + Timestamps.format(n.expiresAt());
            loc.put("text", narrative(n.clinicName() + " " + n.bedType() + ": " + description));
            loc.put("status", open ? "active" : "suspended");
            loc.put("operationalStatus", !open ? coding(V2_0116, "C", "Closed")
                    : n.available() > 0 ? coding(V2_0116, "U", "Unoccupied") : coding(V2_0116, "O", "Occupied"));
            loc.put("name", n.clinicName() + " " + n.bedType() + " " + n.id());
            loc.put("description", description);
            loc.put("mode", "kind");
            loc.put("type", List.of(Map.of("text", n.bedType())));
            loc.put("telecom", List.of(Map.of("system", "other", "value", n.contact())));
            loc.put("physicalType", Map.of("coding",
                    List.of(coding("http://terminology.hl7.org/CodeSystem/location-physical-type", "bd", "Bed"))));
            loc.put("managingOrganization", Map.of("reference", organizationUrl(n.clinicId())));
            entries.add(Map.of("fullUrl", "urn:uuid:" + UUID.nameUUIDFromBytes(("renkei:bed-notice:" + n.id())
                    .getBytes(StandardCharsets.UTF_8)), "resource", loc));
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.put("timestamp", Timestamps.format(now));
        bundle.put("entry", entries);
        return bundle;
    }

    /** A stable name-based UUID per clinic, so that the same clinic has the same URL in every export. */
    private static String organizationUrl(String clinicId) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(("renkei:organization:" + clinicId).getBytes(StandardCharsets.UTF_8));
    }

    /** The generated human-readable narrative (FHIR best practice dom-6), text escaped for XHTML. */
    private static Map<String, Object> narrative(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return Map.of("status", "generated", "div", "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + escaped + "</div>");
    }

    private static Map<String, Object> coding(String system, String code, String display) {
        return Map.of("system", system, "code", code, "display", display);
    }

    /**
     * EDXL-HAVE 1.0: one {@code Hospital} per clinic with its notices as {@code BedCapacity} entries.
     * Japanese bed types map onto the standard's bed types (一般 → MedicalSurgical, 療養/地域包括ケア/
     * レスパイト → RehabLongTermCare, 緩和ケア → MedicalSurgical); the Japanese type is kept in the comment.
     */
    String edxlHave(List<BedNotice> board, Instant now) {
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.setDefaultNamespace(HAVE_NS);
            x.writeStartElement(HAVE_NS, "HospitalStatus");
            x.writeDefaultNamespace(HAVE_NS);
            Map<String, List<BedNotice>> byClinic = new LinkedHashMap<>();
            board.forEach(n -> byClinic.computeIfAbsent(n.clinicId(), k -> new ArrayList<>()).add(n));
            for (List<BedNotice> notices : byClinic.values()) {
                BedNotice first = notices.get(0);
                x.writeStartElement(HAVE_NS, "Hospital");
                x.writeStartElement(HAVE_NS, "Organization");
                x.writeStartElement(HAVE_NS, "OrganizationInformation");
                text(x, "OrganizationName", first.clinicName());
                text(x, "OrganizationID", first.clinicId());
                x.writeEndElement();
                x.writeEndElement();
                x.writeStartElement(HAVE_NS, "HospitalBedCapacityStatus");
                Instant last = first.updatedAt();
                for (BedNotice n : notices) {
                    last = n.updatedAt().isAfter(last) ? n.updatedAt() : last;
                    x.writeStartElement(HAVE_NS, "BedCapacity");
                    text(x, "BedType", switch (n.bedType()) {
                        case "long_term", "community", "respite" -> "RehabLongTermCare";
                        default -> "MedicalSurgical";
                    });
                    x.writeStartElement(HAVE_NS, "Capacity");
                    text(x, "CapacityStatus", n.available() > 0 && n.status(now).equals("open")
                            ? "Vacant/Available" : "NotAvailable");
                    text(x, "AvailableCount", Integer.toString(n.available()));
                    x.writeEndElement();
                    text(x, "CommentText", n.bedType() + " " + n.id() + " " + String.join(",", n.accepts()));
                    x.writeEndElement();
                }
                x.writeEndElement();
                text(x, "LastUpdateTime", Timestamps.format(last));
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeStartElement(HAVE_NS, name);
        x.writeCharacters(value);
        x.writeEndElement();
    }
}
