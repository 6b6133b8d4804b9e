package jp.renkei.server.photo;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Limits;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.error.DomainException;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Photo endpoints. The upload body is the image file itself ({@code Content-Type: image/*} or
 * {@code application/octet-stream}), not multipart: multipart parsing would spool large parts to
 * unencrypted temporary files, and the raw body is read straight into memory under the size limit.
 */
@RestController
@RequestMapping("/api/rooms/{roomId}")
class PhotoController {

    private final CurrentUser currentUser;
    private final PhotoService photos;

    PhotoController(CurrentUser currentUser, PhotoService photos) {
        this.currentUser = currentUser;
        this.photos = photos;
    }

    @PostMapping("/photos")
    ResponseEntity<PhotoService.Uploaded> upload(@PathVariable String roomId,
                                                 @RequestParam(defaultValue = "false") boolean faces,
                                                 HttpServletRequest request, Principal principal) throws IOException {
        var user = currentUser.of(principal);
        byte[] body = readLimited(request);
        return ResponseEntity.status(201).body(photos.upload(user, roomId, body, faces, request.getRemoteAddr()));
    }

    @GetMapping("/photo-rules")
    PhotoRules.Rules rules(@PathVariable String roomId, Principal principal) {
        return photos.rules(currentUser.of(principal), roomId);
    }

    @PutMapping("/photo-rules")
    PhotoRules.Rules setRules(@PathVariable String roomId, @RequestBody PhotoRules.Rules body,
                              HttpServletRequest request, Principal principal) {
        var user = currentUser.of(principal);
        photos.setRules(user, roomId, body.photos(), body.faces(), request.getRemoteAddr());
        return photos.rules(user, roomId);
    }

    @GetMapping("/photos/{photoId}/link")
    PhotoService.Link link(@PathVariable String roomId, @PathVariable String photoId, HttpServletRequest request,
                           Principal principal) {
        return photos.link(currentUser.of(principal), roomId, photoId, request.getRemoteAddr());
    }

    @GetMapping("/photos/{photoId}")
    ResponseEntity<byte[]> full(@PathVariable String roomId, @PathVariable String photoId,
                                @RequestParam(required = false) Long exp, @RequestParam(required = false) String sig,
                                @RequestParam(defaultValue = "false") boolean download,
                                HttpServletRequest request, Principal principal) {
        byte[] jpeg = photos.download(currentUser.of(principal), roomId, photoId, false, exp, sig,
                request.getRemoteAddr());
        return image(jpeg, photoId + ".jpg", download);
    }

    @GetMapping("/photos/{photoId}/thumb")
    ResponseEntity<byte[]> thumb(@PathVariable String roomId, @PathVariable String photoId,
                                 @RequestParam(required = false) Long exp, @RequestParam(required = false) String sig,
                                 HttpServletRequest request, Principal principal) {
        byte[] jpeg = photos.download(currentUser.of(principal), roomId, photoId, true, exp, sig,
                request.getRemoteAddr());
        return image(jpeg, photoId + "-thumb.jpg", false);
    }

    private static ResponseEntity<byte[]> image(byte[] jpeg, String name, boolean download) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().cachePrivate())
                .contentType(MediaType.IMAGE_JPEG)
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        (download ? ContentDisposition.attachment() : ContentDisposition.inline())
                                .filename(name).build().toString())
                .body(jpeg);
    }

    /** Reads the body, refusing more than {@link Limits#MAX_PHOTO_BYTES} before storing anything. */
    private static byte[] readLimited(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > Limits.MAX_PHOTO_BYTES) {
            throw new DomainException(ErrorCode.TOO_LARGE);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(Limits.MAX_PHOTO_BYTES + 1);
            if (body.length > Limits.MAX_PHOTO_BYTES) {
                throw new DomainException(ErrorCode.TOO_LARGE);
            }
            if (body.length == 0) {
                throw new DomainException(ErrorCode.UNSUPPORTED_IMAGE);
            }
            return body;
        }
    }
}
