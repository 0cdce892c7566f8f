package dev.parley.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person approving (or denying) a device sign-in in Keycloak's pages, done with plain HTTP: open the
 * verification address, fill in the login form, answer the consent form. Cookies are kept as a browser
 * keeps them ({@link BrowserCookies}); each form is posted to the action the page names, with the page's
 * hidden fields.
 */
final class DeviceApproval {

    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"[^>]*>(.*?)</form>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern VALUE = Pattern.compile("\\bvalue=\"([^\"]*)\"");
    private static final Pattern TYPE = Pattern.compile("\\btype=\"([^\"]*)\"");

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new BrowserCookies())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /**
     * Opens {@code verificationUri} and goes through the pages as {@code username} would, answering the consent
     * question with {@code approve}. Returns the final page.
     */
    String signIn(URI verificationUri, String username, String password, boolean approve) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(verificationUri).GET());
        boolean answered = false;
        for (int step = 0; step < 6; step++) {
            String page = response.body();
            Matcher form = FORM.matcher(page);
            Map<String, String> fields = null;
            while (fields == null && form.find()) {
                String body = form.group(2);
                if (body.contains("name=\"password\"")) {
                    fields = hiddenFields(body);
                    fields.put("username", username);
                    fields.put("password", password);
                } else if (body.contains("name=\"accept\"")) {
                    fields = hiddenFields(body);
                    fields.put(approve ? "accept" : "cancel", approve ? "Yes" : "No");
                    answered = true;
                }
            }
            if (fields == null) {
                if (!answered) {
                    throw new AssertionError("Keycloak never asked for consent; last page (HTTP " + response.statusCode() + "):\n" + page);
                }
                return page;
            }
            URI action = response.uri().resolve(unescape(form.group(1)));
            response = send(HttpRequest.newBuilder(action)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(fields))));
        }
        throw new AssertionError("Still on a form after 6 steps:\n" + response.body());
    }

    /**
     * The cookie jar of a browser that talks to one Keycloak on {@code http://localhost}. Browsers treat
     * localhost as a secure context and send it {@code Secure} cookies, which {@link java.net.CookieManager}
     * would withhold over plain HTTP; this jar keeps every cookie by name (all of Keycloak's are under its
     * realm path) and drops one when the server expires it.
     */
    private static final class BrowserCookies extends CookieHandler {

        private final Map<String, String> cookies = new LinkedHashMap<>();

        @Override
        public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            if (cookies.isEmpty()) {
                return Map.of();
            }
            return Map.of("Cookie", List.of(cookies.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "))));
        }

        @Override
        public synchronized void put(URI uri, Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    values.forEach(this::set);
                }
            });
        }

        private void set(String header) {
            String[] attributes = header.split(";");
            String[] pair = attributes[0].trim().split("=", 2);
            boolean expired = Arrays.stream(attributes).map(String::trim).map(a -> a.toLowerCase(Locale.ROOT))
                    .anyMatch(a -> a.equals("max-age=0") || a.startsWith("expires=thu, 01 jan 1970") || a.startsWith("expires=thu, 01-jan-1970"));
            if (expired || pair.length < 2 || pair[1].isEmpty()) {
                cookies.remove(pair[0]);
            } else {
                cookies.put(pair[0], pair[1]);
            }
        }
    }

    private static Map<String, String> hiddenFields(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(form);
        while (input.find()) {
            String tag = input.group();
            Matcher type = TYPE.matcher(tag);
            Matcher name = NAME.matcher(tag);
            if (type.find() && "hidden".equalsIgnoreCase(type.group(1)) && name.find()) {
                Matcher value = VALUE.matcher(tag);
                fields.put(name.group(1), value.find() ? unescape(value.group(1)) : "");
            }
        }
        return fields;
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#x3d;", "=").replace("&#61;", "=");
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return browser.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
