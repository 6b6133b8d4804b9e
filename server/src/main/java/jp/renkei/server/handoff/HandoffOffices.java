package jp.renkei.server.handoff;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * What this module knows about offices beyond the account directory (collection {@code handoff_offices},
 * {@code _id} = organisation id): business hours for the deadline rule, and for 地域包括支援センター the
 * areas they cover ({@code coveredAreas}, e.g. 北区 奉還町 is covered by a centre listing 北区). A regional
 * directory may take this over later; until then this small list is kept here.
 */
@Component
class HandoffOffices {

    static final String COLLECTION = "handoff_offices";

    private final MongoCollection<Document> offices;
    private final MongoCollection<Document> organizations;
    private final AccountRepository accounts;

    HandoffOffices(MongoDatabase db, AccountRepository accounts) {
        this.offices = db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.LOG);
        this.organizations = db.getCollection(jp.renkei.server.store.Collections.ORGANIZATIONS);
        this.accounts = accounts;
    }

    /** The office's hours, or the default (weekdays 08:30–17:15). */
    OfficeHours hours(String orgId) {
        Document d = offices.find(Filters.eq("_id", orgId)).first();
        if (d == null || d.getString("open") == null) {
            return OfficeHours.DEFAULT;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        d.getList("days", String.class).forEach(s -> days.add(DayOfWeek.valueOf(s)));
        return new OfficeHours(days, LocalTime.parse(d.getString("open")), LocalTime.parse(d.getString("close")));
    }

    void setHours(String orgId, OfficeHours hours) {
        Document d = offices.find(Filters.eq("_id", orgId)).first();
        Document next = d == null ? new Document("_id", orgId) : d;
        next.append("days", hours.days().stream().sorted().map(DayOfWeek::name).toList())
                .append("open", hours.open().toString()).append("close", hours.close().toString());
        offices.replaceOne(Filters.eq("_id", orgId), next, new ReplaceOptions().upsert(true));
    }

    void setCoveredAreas(String orgId, List<String> areas) {
        Document d = offices.find(Filters.eq("_id", orgId)).first();
        Document next = d == null ? new Document("_id", orgId) : d;
        next.append("coveredAreas", List.copyOf(areas));
        offices.replaceOne(Filters.eq("_id", orgId), next, new ReplaceOptions().upsert(true));
    }

    /**
     * The offices a sheet can be addressed to (hospitals, clinics with beds, care offices, nursing
     * stations, clinics, support centres): a scan of the organisation list, which is small (a city has a few
     * hundred), read when someone opens the form.
     */
    List<Organization> directory() {
        List<Organization> out = new ArrayList<>();
        organizations.find().forEach(d -> {
            OrganizationKind kind;
            try {
                kind = OrganizationKind.valueOf(String.valueOf(d.getString("kind")).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return;
            }
            if (kind != OrganizationKind.MUNICIPALITY && kind != OrganizationKind.PHARMACY
                    && kind != OrganizationKind.HOME_CARE_PROVIDER) {
                out.add(new Organization(d.getString("_id"), d.getString("name"), kind, d.getString("area")));
            }
        });
        out.sort(java.util.Comparator.comparing(Organization::id));
        return out;
    }

    /**
     * The 地域包括支援センター responsible for a patient living in {@code patientArea}: the support centre
     * whose covered area is the longest prefix of it (北区 奉還町 → a centre covering 北区). A scan of the
     * small office list; ties go to the lowest organisation id, so the answer is stable.
     */
    Optional<Organization> supportCentreFor(String patientArea) {
        if (patientArea == null || patientArea.isBlank()) {
            return Optional.empty();
        }
        String area = patientArea.strip();
        List<Document> all = new ArrayList<>();
        offices.find(Filters.exists("coveredAreas")).forEach(all::add);
        Organization best = null;
        int bestLength = -1;
        for (Document d : all) {
            Organization org = accounts.findOrganization(d.getString("_id")).orElse(null);
            if (org == null || org.kind() != OrganizationKind.SUPPORT_CENTER) {
                continue;
            }
            for (String covered : d.getList("coveredAreas", String.class)) {
                boolean covers = area.equals(covered) || area.startsWith(covered + " ") || area.startsWith(covered + "　");
                if (covers && (covered.length() > bestLength
                        || (covered.length() == bestLength && org.id().compareTo(best.id()) < 0))) {
                    best = org;
                    bestLength = covered.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
