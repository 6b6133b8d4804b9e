package jp.renkei.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web client's files with versioned URLs. At startup the version is a hash of the
 * client's own files; the app's scripts and styles are served under {@code /v/{version}/…} with a
 * one-year immutable cache (relative ES-module imports stay inside that prefix), while {@code index.html}
 * and the service worker {@code /sw.js} are answered with {@code no-cache} and the version written in,
 * so a new build is picked up on the next visit. No file here holds data; Spring Security leaves an
 * explicit Cache-Control alone and adds its other headers as for every response.
 */
@RestController
class StaticFiles implements WebMvcConfigurer {

    private static final String ROOT = "META-INF/resources/";
    private static final String MARK = "@@VERSION@@";
    private static final Pattern INDEX_REFS = Pattern.compile("/v/" + MARK + "/([^\"']+)");

    private final String version;
    private final String indexHtml;
    private final String serviceWorker;

    StaticFiles() {
        try {
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(getClass().getClassLoader());
            Map<String, byte[]> files = new TreeMap<>();
            for (String pattern : List.of("index.html", "sw.js", "manifest.webmanifest", "icons/*.png", "css/**/*.css",
                    "js/**/*.js")) {
                for (Resource r : resolver.getResources("classpath*:" + ROOT + pattern)) {
                    String url = r.getURL().toString();
                    files.put(url.substring(url.lastIndexOf(ROOT) + ROOT.length()), r.getContentAsByteArray());
                }
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update(f.getValue());
            }
            version = HexFormat.of().formatHex(sha.digest()).substring(0, 12);
            String index = text(files, "index.html");
            // The app shell the service worker keeps: the page, its scripts and styles, the WebJars it names.
            // Files marked "@on-demand" on their first line (screens fetched on first use, the English
            // dictionary) are left out: the service worker keeps them once they have been used.
            List<String> shell = new ArrayList<>(List.of("/"));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                String name = f.getKey();
                if ((name.startsWith("js/") || name.startsWith("css/")) && !onDemand(f.getValue())) {
                    shell.add("/v/" + version + "/" + name);
                }
            }
            Matcher m = INDEX_REFS.matcher(index);
            while (m.find()) {
                if (m.group(1).startsWith("webjars/")) {
                    shell.add("/v/" + version + "/" + m.group(1));
                }
            }
            indexHtml = index.replace(MARK, version);
            StringBuilder list = new StringBuilder("[");
            for (String s : shell) {
                list.append(list.length() > 1 ? ",\n  " : "\n  ").append('\'').append(s).append('\'');
            }
            serviceWorker = text(files, "sw.js").replace("'" + MARK + "'", "'" + version + "'")
                    .replace("['@@SHELL@@']", list.append("\n]").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a script says on its first line that it is fetched on first use (js/lazy.js). */
    static boolean onDemand(byte[] file) {
        String head = new String(file, 0, Math.min(file.length, 200), StandardCharsets.UTF_8);
        int eol = head.indexOf('\n');
        return (eol < 0 ? head : head.substring(0, eol)).contains("@on-demand");
    }

    private static String text(Map<String, byte[]> files, String name) {
        byte[] b = files.get(name);
        if (b == null) {
            throw new IllegalStateException("web client file missing: " + name);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The version in the URLs of this build's scripts and styles. */
    String version() {
        return version;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        CacheControl year = CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable();
        // WebJars through the locator: /v/{version}/webjars/{name}/{file} without the WebJar's own version,
        // which lives only in the pom (the resource chain adds the WebJars resolver).
        registry.addResourceHandler("/v/" + version + "/webjars/**")
                .addResourceLocations("classpath:/" + ROOT + "webjars/")
                .setCacheControl(year)
                .setUseLastModified(false)
                .resourceChain(true);
        // Immutable: no Last-Modified (it would only add bytes to every response; nothing revalidates).
        registry.addResourceHandler("/v/" + version + "/**")
                .addResourceLocations("classpath:/" + ROOT)
                .setCacheControl(year)
                .setUseLastModified(false);
        // The manifest and icons keep their names (browsers and home screens refer to them): a day.
        CacheControl day = CacheControl.maxAge(1, TimeUnit.DAYS).cachePublic();
        registry.addResourceHandler("/manifest.webmanifest").addResourceLocations("classpath:/" + ROOT).setCacheControl(day);
        registry.addResourceHandler("/icons/**").addResourceLocations("classpath:/" + ROOT + "icons/").setCacheControl(day);
    }

    /** A weak ETag: Tomcat does not compress responses with a strong one. */
    private String etag() {
        return "W/\"" + version + "\"";
    }

    @GetMapping({"/", "/index.html"})
    ResponseEntity<String> index(WebRequest request) {
        if (request.checkNotModified(etag())) {
            return null;
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(etag())
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(indexHtml);
    }

    /** The service worker at the root scope; browsers check it for updates on every visit. */
    @GetMapping("/sw.js")
    ResponseEntity<String> serviceWorker(WebRequest request) {
        if (request.checkNotModified(etag())) {
            return null;
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(etag())
                .contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8)).body(serviceWorker);
    }
}
