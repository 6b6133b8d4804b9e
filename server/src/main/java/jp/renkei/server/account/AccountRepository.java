package jp.renkei.server.account;

import jp.renkei.policy.OrganizationKind;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Profession;
import jp.renkei.server.store.Collections;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * Organisations and user accounts. Users are found by id or by login id, both {@code _id} lookups.
 * Accounts are read on every authorization, so they are cached; every change goes through this class,
 * which keeps the cache current.
 */
@Repository
public class AccountRepository {

    private final MongoCollection<Document> organizations;
    private final MongoCollection<Document> users;
    private final MongoCollection<Document> logins;
    private final Map<String, Organization> organizationCache = new ConcurrentHashMap<>();
    private final Map<String, UserAccount> userCache = new ConcurrentHashMap<>();

    public AccountRepository(MongoDatabase db) {
        this.organizations = db.getCollection(Collections.ORGANIZATIONS);
        this.users = db.getCollection(Collections.USERS);
        this.logins = db.getCollection(Collections.LOGINS);
    }

    public void saveOrganization(Organization org) {
        Document doc = new Document("_id", org.id())
                .append("name", org.name())
                .append("kind", org.kind().name())
                .append("area", org.area());
        organizations.replaceOne(eq("_id", org.id()), doc, new com.mongodb.client.model.ReplaceOptions().upsert(true));
        organizationCache.put(org.id(), org);
    }

    public Optional<Organization> findOrganization(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Organization cached = organizationCache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Document doc = organizations.find(eq("_id", id)).first();
        if (doc == null) {
            return Optional.empty();
        }
        Organization org = new Organization(doc.getString("_id"), doc.getString("name"),
                OrganizationKind.valueOf(doc.getString("kind")), doc.getString("area"));
        organizationCache.put(id, org);
        return Optional.of(org);
    }

    /**
     * Every organisation of the region (a scan of a small collection: a city has a few hundred), for
     * lists such as the consultation desk's provider search and its report's desks.
     */
    public List<Organization> allOrganizations() {
        List<Organization> all = new ArrayList<>();
        for (Document doc : organizations.find()) {
            Organization org = new Organization(doc.getString("_id"), doc.getString("name"),
                    OrganizationKind.valueOf(doc.getString("kind")), doc.getString("area"));
            organizationCache.put(org.id(), org);
            all.add(org);
        }
        return all;
    }

    /**
     * Creates a user. The login id is claimed first (its {@code _id} is unique), so two accounts can
     * never share a login.
     *
     * @throws IllegalStateException if the login id is taken
     */
    public UserAccount createUser(String id, String loginId, String name, Profession profession,
                                  String organizationId, String passwordHash) {
        String login = normalizeLogin(loginId);
        try {
            logins.insertOne(new Document("_id", login).append("userId", id));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new IllegalStateException("Login id already taken: " + login);
            }
            throw e;
        }
        users.insertOne(new Document("_id", id)
                .append("loginId", login)
                .append("name", name)
                .append("profession", profession.name())
                .append("organizationId", organizationId)
                .append("passwordHash", passwordHash)
                .append("active", true)
                .append("createdAt", Date.from(Instant.now())));
        return findUser(id).orElseThrow();
    }

    /**
     * Forgets the cached copy of user {@code userId}, so that the next read comes from the store: in a
     * cluster another node changed the account (offboarding, a new password, a new profession).
     */
    public void forget(String userId) {
        if (userId != null) {
            userCache.remove(userId);
        }
    }

    /** Forgets every cached account (a cluster node that may have missed changes made elsewhere). */
    public void forgetAll() {
        userCache.clear();
    }

    public Optional<UserAccount> findUser(String id) {
        if (id == null) {
            return Optional.empty();
        }
        UserAccount cached = userCache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Document doc = users.find(eq("_id", id)).first();
        if (doc == null) {
            return Optional.empty();
        }
        UserAccount account = toAccount(doc);
        userCache.put(id, account);
        return Optional.of(account);
    }

    /** Several users by id, in one round trip for those not cached. Unknown ids are left out. */
    public Map<String, UserAccount> findUsers(Collection<String> ids) {
        Map<String, UserAccount> out = new java.util.HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            UserAccount cached = userCache.get(id);
            if (cached != null) {
                out.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            for (Document doc : users.find(in("_id", missing))) {
                UserAccount account = toAccount(doc);
                userCache.put(account.id(), account);
                out.put(account.id(), account);
            }
        }
        return out;
    }

    public Optional<UserAccount> findByLogin(String loginId) {
        if (loginId == null || loginId.isBlank() || loginId.length() > 64) {
            return Optional.empty();
        }
        Document login = logins.find(eq("_id", normalizeLogin(loginId))).first();
        return login == null ? Optional.empty() : findUser(login.getString("userId"));
    }

    /** All users, for the directory. A region has hundreds to a few thousand accounts. */
    public List<UserAccount> allUsers() {
        List<UserAccount> out = new ArrayList<>();
        for (Document doc : users.find()) {
            out.add(toAccount(doc));
        }
        return out;
    }

    public long countUsers() {
        return users.countDocuments();
    }

    // ---- Authentication and leavers ----

    /** Sets a new password hash (enrolment, reset, change). */
    public void setPasswordHash(String userId, String passwordHash) {
        users.updateOne(eq("_id", userId), com.mongodb.client.model.Updates.set("passwordHash", passwordHash));
        userCache.remove(userId);
    }

    /**
     * Disables an account for good (offboarding, SP-AUTHZ-05): inactive, and its password hash removed.
     * The login id stays claimed so that it is never given to another person (SP-AUTH-01).
     */
    public void deactivate(String userId) {
        users.updateOne(eq("_id", userId), com.mongodb.client.model.Updates.combine(
                com.mongodb.client.model.Updates.set("active", false),
                com.mongodb.client.model.Updates.unset("passwordHash"),
                com.mongodb.client.model.Updates.set("deactivatedAt", Date.from(Instant.now()))));
        userCache.remove(userId);
    }

    /** The accounts of one organisation, for its facility administrator. */
    public List<UserAccount> usersOf(String organizationId) {
        return allUsers().stream().filter(u -> organizationId.equals(u.organizationId())).toList();
    }

    /** The form in which login ids are stored and compared: trimmed, lower case. */
    public static String normalizedLogin(String loginId) {
        return normalizeLogin(loginId);
    }

    private UserAccount toAccount(Document doc) {
        String orgId = doc.getString("organizationId");
        Organization org = findOrganization(orgId).orElse(null);
        return new UserAccount(doc.getString("_id"), doc.getString("loginId"), doc.getString("name"),
                Profession.valueOf(doc.getString("profession")), orgId, org == null ? null : org.name(),
                org == null ? null : org.kind(),
                doc.getString("passwordHash"), doc.getBoolean("active", false));
    }

    private static String normalizeLogin(String loginId) {
        return loginId.trim().toLowerCase(Locale.ROOT);
    }
}
