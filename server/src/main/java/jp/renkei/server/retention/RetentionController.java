package jp.renkei.server.retention;

import java.security.Principal;
import java.util.List;

import jp.renkei.protocol.Resources.PurgeRequest;
import jp.renkei.protocol.Resources.PurgeResult;
import jp.renkei.protocol.Resources.RetentionDue;
import jp.renkei.server.account.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The administrator's 保存期間を過ぎた部屋: the due list and the confirmed purge (protocol §18x); thin. */
@RestController
@RequestMapping("/api/admin/retention")
class RetentionController {

    private final CurrentUser currentUser;
    private final RetentionService service;

    RetentionController(CurrentUser currentUser, RetentionService service) {
        this.currentUser = currentUser;
        this.service = service;
    }

    @GetMapping("/due")
    List<RetentionDue> due(Principal principal) {
        return service.due(currentUser.of(principal));
    }

    @PostMapping("/purge")
    PurgeResult purge(@RequestBody PurgeRequest body, Principal principal) {
        return service.purge(currentUser.of(principal), body == null ? null : body.roomIds());
    }
}
