package jp.renkei.server.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code /webjars/...} URL the web client names is version-less and is served: the WebJars locator
 * (webjars-locator-lite) finds the version the pom put on the classpath.
 */
class WebJarsTest extends ServerTestBase {

    private static final Pattern WEBJAR_URL = Pattern.compile("/webjars/[A-Za-z0-9_.\\-/]+\\.js");
    /** Files of the web client that name WebJars. */
    private static final String[] CLIENT_FILES = {"/index.html", "/js/views/calendar-grid.js"};

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyWebJarTheClientNamesIsServedWithoutAVersionInItsUrl() throws Exception {
        Set<String> urls = new LinkedHashSet<>();
        for (String file : CLIENT_FILES) {
            HttpResponse<String> page = get(file);
            assertThat(page.statusCode()).as(file).isEqualTo(200);
            Matcher m = WEBJAR_URL.matcher(page.body());
            while (m.find()) {
                urls.add(m.group());
            }
        }
        assertThat(urls).contains("/webjars/stomp__stompjs/bundles/stomp.umd.min.js",
                "/webjars/fullcalendar__core/index.global.min.js",
                "/webjars/fullcalendar__core/locales/ja.global.min.js");
        for (String url : urls) {
            assertThat(url).as("no version in the URL").doesNotMatch(".*/\\d+\\.\\d+\\.\\d+/.*");
            HttpResponse<String> script = get(url);
            assertThat(script.statusCode()).as(url).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).as(url).hasValueSatisfying(
                    type -> assertThat(type).contains("javascript"));
            assertThat(script.body()).as(url).isNotBlank();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
