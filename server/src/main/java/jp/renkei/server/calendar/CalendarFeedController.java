package jp.renkei.server.calendar;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.calendar.CalendarFeedService.FeedStatus;
import jp.renkei.server.calendar.CalendarFeedService.NewFeed;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The user's iCalendar feed: manage it with a session ({@code /api/calendar-feed}); read it with the
 * secret alone ({@code /ical/{secret}.ics}), since phone calendar apps cannot log in.
 */
@RestController
class CalendarFeedController {

    private static final MediaType TEXT_CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");

    private final CurrentUser currentUser;
    private final CalendarFeedService feeds;

    CalendarFeedController(CurrentUser currentUser, CalendarFeedService feeds) {
        this.currentUser = currentUser;
        this.feeds = feeds;
    }

    @GetMapping("/api/calendar-feed")
    FeedStatus status(Principal principal) {
        return feeds.status(currentUser.of(principal));
    }

    @PostMapping("/api/calendar-feed")
    ResponseEntity<NewFeed> regenerate(Principal principal) {
        return ResponseEntity.status(HttpStatus.CREATED).body(feeds.regenerate(currentUser.of(principal)));
    }

    @DeleteMapping("/api/calendar-feed")
    ResponseEntity<Void> revoke(Principal principal) {
        feeds.revoke(currentUser.of(principal));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/ical/{secret}.ics")
    ResponseEntity<String> feed(@PathVariable String secret, HttpServletRequest request) {
        String body = feeds.render(secret, request.getRemoteAddr());
        return ResponseEntity.ok().contentType(TEXT_CALENDAR)
                .cacheControl(CacheControl.noStore())
                .header("Referrer-Policy", "no-referrer")
                .body(body);
    }
}
