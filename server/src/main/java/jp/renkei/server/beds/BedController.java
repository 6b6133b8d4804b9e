package jp.renkei.server.beds;

import java.security.Principal;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.beds.BedInputs.AnswerInput;
import jp.renkei.server.beds.BedInputs.HandoffInput;
import jp.renkei.server.beds.BedInputs.InquiryInput;
import jp.renkei.server.beds.BedInputs.NoticeInput;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The bed board over HTTP (docs/protocol.md §17). Thin: {@link BedService} decides and audits. */
@RestController
@RequestMapping("/api/beds")
class BedController {

    private final CurrentUser currentUser;
    private final BedService service;
    private final BedExports exports;
    private final ZoneId zone;

    BedController(CurrentUser currentUser, BedService service, BedExports exports,
                  @Value("${renkei.zone:Asia/Tokyo}") ZoneId zone) {
        this.currentUser = currentUser;
        this.service = service;
        this.exports = exports;
        this.zone = zone;
    }

    /**
     * What this user may do with the board (the screens offer 空床情報 only to those who may see it), and
     * the time zone the board's dates are in ({@code renkei.zone}, Asia/Tokyo by default).
     */
    @GetMapping("/me")
    Map<String, Object> me(Principal principal) {
        return capabilities(currentUser.of(principal));
    }

    private Map<String, Object> capabilities(UserAccount user) {
        return Map.of("organizationId", user.organizationId() == null ? "" : user.organizationId(),
                "canView", service.may(user, jp.renkei.policy.Action.VIEW_BED_BOARD),
                "canPublish", service.may(user, jp.renkei.policy.Action.PUBLISH_BED_NOTICE),
                "canInquire", service.may(user, jp.renkei.policy.Action.SEND_BED_INQUIRY),
                "zone", zone.getId());
    }

    @GetMapping("/notices")
    Map<String, Object> board(@RequestParam(required = false) String area,
                              @RequestParam(required = false) String bedType,
                              @RequestParam(required = false) String accepts, Principal principal) {
        UserAccount user = currentUser.of(principal);
        List<BedNotice> board = service.board(user, BoardFilter.of(area, bedType, accepts));
        var now = service.now();
        // What the client may offer: the policy decides, the screen only follows.
        return Map.of("notices", board.stream().map(n -> BedViews.notice(n, now)).toList(), "me", capabilities(user));
    }

    @PostMapping("/notices")
    ResponseEntity<Map<String, Object>> publish(@RequestBody(required = false) NoticeInput body, Principal principal) {
        BedNotice n = service.publish(currentUser.of(principal), body);
        return ResponseEntity.status(HttpStatus.CREATED).body(BedViews.notice(n, service.now()));
    }

    @PutMapping("/notices/{id}")
    Map<String, Object> update(@PathVariable String id, @RequestBody(required = false) NoticeInput body,
                               Principal principal) {
        return BedViews.notice(service.update(currentUser.of(principal), id, body), service.now());
    }

    @DeleteMapping("/notices/{id}")
    Map<String, Object> withdraw(@PathVariable String id, Principal principal) {
        return BedViews.notice(service.withdraw(currentUser.of(principal), id), service.now());
    }

    @PostMapping("/notices/{id}/inquiries")
    ResponseEntity<Map<String, Object>> inquire(@PathVariable String id, @RequestBody(required = false) InquiryInput body,
                                                Principal principal) {
        BedInquiry q = service.inquire(currentUser.of(principal), id, body);
        return ResponseEntity.status(HttpStatus.CREATED).body(BedViews.inquiry(q));
    }

    @GetMapping("/inquiries")
    Map<String, Object> inquiries(Principal principal) {
        return Map.of("inquiries", service.inquiries(currentUser.of(principal)).stream().map(BedViews::inquiry).toList());
    }

    @PostMapping("/inquiries/{id}/answer")
    Map<String, Object> answer(@PathVariable String id, @RequestBody(required = false) AnswerInput body,
                               Principal principal) {
        return BedViews.inquiry(service.answer(currentUser.of(principal), id, body));
    }

    @PostMapping("/inquiries/{id}/hold")
    Map<String, Object> hold(@PathVariable String id, Principal principal) {
        return BedViews.inquiry(service.hold(currentUser.of(principal), id));
    }

    @PostMapping("/inquiries/{id}/confirm")
    Map<String, Object> confirm(@PathVariable String id, Principal principal) {
        return BedViews.inquiry(service.confirm(currentUser.of(principal), id));
    }

    @PostMapping("/inquiries/{id}/release")
    Map<String, Object> release(@PathVariable String id, Principal principal) {
        return BedViews.inquiry(service.release(currentUser.of(principal), id));
    }

    @PostMapping("/inquiries/{id}/handoff-room")
    ResponseEntity<Map<String, Object>> handoff(@PathVariable String id, @RequestBody(required = false) HandoffInput body,
                                                Principal principal) {
        String roomId = service.handoffRoom(currentUser.of(principal), id, body);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("roomId", roomId));
    }

    @GetMapping("/metrics")
    Map<String, Object> metrics(Principal principal) {
        return service.metrics(currentUser.of(principal));
    }

    @GetMapping(value = "/export/fhir", produces = "application/fhir+json")
    Map<String, Object> fhir(Principal principal) {
        UserAccount user = currentUser.of(principal);
        return exports.fhirBundle(service.board(user, BoardFilter.ANY), service.now());
    }

    @GetMapping(value = "/export/edxl-have", produces = MediaType.APPLICATION_XML_VALUE)
    String edxl(Principal principal) {
        UserAccount user = currentUser.of(principal);
        return exports.edxlHave(service.board(user, BoardFilter.ANY), service.now());
    }
}
