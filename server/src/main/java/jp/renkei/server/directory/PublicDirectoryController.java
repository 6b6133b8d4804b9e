package jp.renkei.server.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.error.DomainException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public directory, without sign-in: citizens ask the consultation desks where to turn, so the same
 * search is open to them with <b>only the public fields</b> ({@link EntryViews#publicView}). Two paths
 * only, both GET and explicitly permitted in {@code auth.SecurityConfiguration}: the page
 * {@code /public/directory} and its search {@code /api/public/directory}. Answers are cacheable
 * ({@code public, max-age}), create no session, and are limited per client address ({@link PublicRateLimit}).
 */
@RestController
class PublicDirectoryController {

    private static final String PAGE = "/META-INF/resources/public/directory.html";

    private final DirectoryService service;
    private final EntryViews views;
    private final PublicRateLimit limit;
    private final String page;

    PublicDirectoryController(DirectoryService service, EntryViews views, PublicRateLimit limit) {
        this.service = service;
        this.views = views;
        this.limit = limit;
        this.page = read();
    }

    @GetMapping("/api/public/directory")
    ResponseEntity<Map<String, Object>> search(@RequestParam(name = "capability", required = false) List<String> capabilities,
                                               @RequestParam(required = false) String municipality,
                                               @RequestParam(required = false) String district,
                                               @RequestParam(required = false) String accepting,
                                               @RequestParam(name = "q", required = false) String text,
                                               HttpServletRequest request, HttpServletResponse response) {
        long wait = limit.take(request.getRemoteAddr());
        if (wait > 0) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
            throw new DomainException(ErrorCode.RATE_LIMITED);
        }
        var query = SearchParams.of(capabilities, municipality, district, accepting, text, service.vocabularyIds());
        Instant now = service.now();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", now.toString());
        out.put("zone", service.settings().zone().getId());
        out.put("staleAfterDays", service.settings().staleAfterDays());
        out.put("vocabulary", service.vocabulary().all());
        out.put("municipalities", service.municipalities());
        out.put("entries", service.search(query).stream().map(e -> views.publicView(e, now)).toList());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(service.settings().publicMaxAgeSeconds(), TimeUnit.SECONDS).cachePublic())
                .body(out);
    }

    /** The page itself: a static shell whose script calls the search above. */
    @GetMapping("/public/directory")
    ResponseEntity<String> page() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic())
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(page);
    }

    private static String read() {
        try (InputStream in = PublicDirectoryController.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + PAGE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
