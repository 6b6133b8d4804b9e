package jp.renkei.server.auth;

import jp.renkei.protocol.Destinations;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.web.ErrorResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import jp.renkei.server.account.AccountRepository;

/**
 * HTTP security: deny by default; the web client's static files and the session/login endpoints are
 * open, everything under {@code /api} and the WebSocket endpoint needs a login. Room-level
 * authorization (need-to-know) is asked of the access policy inside each feature, on every path.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    /**
     * style-src: the hash is that of the empty string. It admits only an EMPTY inline {@code <style>}, which
     * FullCalendar (the calendar UI) creates and fills through CSSOM (insertRule, not governed by CSP); any
     * inline style with content is refused.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' "
            + "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'";

    /** Everything but the versioned static files, the icons and the manifest, which are never documents. */
    private static final RequestMatcher DOCUMENTS = new NegatedRequestMatcher(new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/v/**"),
            PathPatternRequestMatcher.withDefaults().matcher("/icons/**"),
            PathPatternRequestMatcher.withDefaults().matcher("/manifest.webmanifest")));

    private static HeaderWriter documentsOnly(HeaderWriter writer) {
        return new DelegatingRequestMatcherHeaderWriter(DOCUMENTS, writer);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ErrorResponses errors,
                                            CsrfTokenRepository csrfTokens,
                                            SecurityContextRepository contexts,
                                            AuthSessions authSessions, AccountRepository accounts) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        // The login steps and the one-time enrolment links check what they need themselves.
                        .requestMatchers("/api/session", "/api/login", "/api/login/totp",
                                "/api/login/passkey/options", "/api/login/passkey",
                                "/api/login/passkey-first/options", "/api/login/passkey-first",
                                "/api/enrolment/start", "/api/enrolment/complete").permitAll()
                        // The public provider directory (citizens, no sign-in): this one GET only, answering
                        // only the fields each entry marks public (directory.PublicDirectoryController).
                        .requestMatchers(HttpMethod.GET, "/api/public/directory").permitAll()
                        // SP-AUTH-02: the password and a second factor, for the API and the WebSocket.
                        .requestMatchers("/api/**", Destinations.WEBSOCKET_ENDPOINT, Destinations.WEBSOCKET_ENDPOINT + "/**")
                                .access(Factors.bothFactors())
                        // The web client's static files hold no data.
                        .requestMatchers(HttpMethod.GET, "/**").permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/**").permitAll()
                        .anyRequest().denyAll())
                // SP-AUTH-06 and SP-AUTHZ-05: expired sessions and disabled accounts end here; locked
                // sessions reach only the unlock step (423 SESSION_LOCKED otherwise).
                .addFilterBefore(new SessionGuardFilter(authSessions, accounts, errors), AuthorizationFilter.class)
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .securityContext(sc -> sc.securityContextRepository(contexts))
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .headers(headers -> headers
                        // CSP, X-Frame-Options and X-XSS-Protection act on documents and workers only; the
                        // versioned scripts, styles and icons go without them (half a kilobyte on each of
                        // ~40 files of a phone's first visit). nosniff and HSTS stay on every response.
                        .frameOptions(frame -> frame.disable())
                        .xssProtection(xss -> xss.disable())
                        .addHeaderWriter(documentsOnly(new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
                        .addHeaderWriter(documentsOnly(new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY)))
                        .addHeaderWriter(documentsOnly(new XXssProtectionHeaderWriter())))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((req, resp, e) -> errors.write(resp, ErrorCode.UNAUTHENTICATED, null))
                        .accessDeniedHandler((req, resp, e) -> {
                            if (!(e instanceof CsrfException)
                                    && Factors.passwordOnly(SecurityContextHolder.getContext().getAuthentication())) {
                                errors.write(resp, ErrorCode.UNAUTHENTICATED, "second_factor_required");
                            } else {
                                errors.write(resp, ErrorCode.FORBIDDEN, e instanceof CsrfException ? "csrf" : null);
                            }
                        }));
        return http.build();
    }

    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        HttpSessionCsrfTokenRepository repository = new HttpSessionCsrfTokenRepository();
        repository.setHeaderName(Destinations.HEADER_CSRF);
        return repository;
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    /** Argon2id (Bouncy Castle) as SP-AUTH-03 requires: no reversible password is ever stored. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder encoder) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        return new ProviderManager(provider);
    }
}
