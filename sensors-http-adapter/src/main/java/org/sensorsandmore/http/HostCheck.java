package org.sensorsandmore.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers a request only when its {@code Host} names the server: the defence against DNS rebinding,
 * where a web page from {@code evil.example} has that name resolve to 127.0.0.1 and then reads a
 * loopback server with the visitor's browser. The browser still sends {@code Host: evil.example},
 * which this check refuses with a 403 and {@code {"error":"host_not_allowed","message":…}}.
 *
 * <p>The names a server answers follow from the address it is bound to, plus any it is told:
 *
 * <table>
 *   <caption>Names answered (compared without case and without port)</caption>
 *   <tr><th>bound to</th><th>answers</th></tr>
 *   <tr><td>{@code 127.0.0.1} (any 127.x.y.z)</td><td>that address and {@code localhost}</td></tr>
 *   <tr><td>{@code ::1}</td><td>{@code [::1]} and {@code localhost}</td></tr>
 *   <tr><td>{@code localhost}</td><td>{@code localhost}, {@code 127.0.0.1} and {@code [::1]}</td></tr>
 *   <tr><td>{@code 0.0.0.0} or {@code ::} (every interface)</td><td>any IP address (a DNS rebinding
 *       needs a name) and {@code localhost}</td></tr>
 *   <tr><td>any other address or name</td><td>that address or name</td></tr>
 *   <tr><td>{@value #ANY_HOST} among the allowed names</td><td>everything (the check is off)</td></tr>
 * </table>
 *
 * <p>A request without {@code Host} (HTTP/1.0; browsers always send one) is answered. It wraps the
 * servers' handlers in this module; another Jetty 12 handler can be wrapped the same way:
 *
 * <pre>{@code
 * server.setHandler(new HostCheck("127.0.0.1", List.of("sensors.example"), handler));
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 */
public final class HostCheck extends Handler.Wrapper {
    /** As an allowed name: answer every {@code Host}, e.g. behind a reverse proxy that checks names. */
    public static final String ANY_HOST = "*";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** An IPv6 address as {@link #canonical} spells it: eight groups, in brackets. */
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\\]");
    /** A host name or an address as a URL writes it: letters, digits, {@code - . _}, or {@code [v6]}. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]+|\\[[0-9a-f:.]+\\]");

    private final Set<String> names;
    private final boolean anyAddress;
    private final boolean anyHost;
    private final String answered;

    /**
     * @param boundHost the address or name the server is bound to, as given to its connector
     * @param allowedHosts further names to answer (e.g. {@code sensors.example}, {@code [::1]}), or
     *     {@value #ANY_HOST} for every name
     * @param handler what answers the requests that pass
     * @throws IllegalArgumentException naming an allowed name that is not a host name or address
     */
    public HostCheck(String boundHost, Iterable<String> allowedHosts, Handler handler) {
        super(handler);
        Set<String> allowed = requireNames(allowedHosts);
        this.anyHost = allowed.contains(ANY_HOST);
        String bound = canonical(boundHost.strip());
        this.anyAddress = bound.equals("0.0.0.0") || bound.equals("[0:0:0:0:0:0:0:0]");
        Set<String> answers = new LinkedHashSet<>();
        if (anyAddress) {
            answers.add("localhost"); // and any address, below
        } else if (bound.equals("localhost")) {
            answers.add("localhost");
            answers.add("127.0.0.1");
            answers.add(canonical("[::1]"));
        } else if ((bound.startsWith("127.") && IPV4.matcher(bound).matches()) || bound.equals(canonical("[::1]"))) {
            answers.add(bound);
            answers.add("localhost");
        } else {
            answers.add(bound);
        }
        allowed.stream().filter(name -> !name.equals(ANY_HOST)).forEach(answers::add);
        this.names = Set.copyOf(answers);
        this.answered = (anyAddress ? "any IP address, " : "") + String.join(", ", answers);
    }

    /**
     * Checks names before a server starts, so that a mistyped one fails at once and not per request.
     *
     * @param names host names or addresses ({@code sensors.example}, {@code 10.0.0.5}, {@code [::1]},
     *     {@code ::1}), or {@value #ANY_HOST}
     * @return them in lower case, IPv6 addresses in brackets, in order, without repeats
     * @throws IllegalArgumentException naming the first that is not a host name or an address
     */
    public static Set<String> requireNames(Iterable<String> names) {
        Set<String> valid = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("An allowed host cannot be blank");
            }
            if (name.strip().equals(ANY_HOST)) {
                valid.add(ANY_HOST);
                continue;
            }
            String canonical = canonical(name.strip());
            if (!NAME.matcher(canonical).matches()) {
                throw new IllegalArgumentException("An allowed host must be a host name or an address without port"
                        + " (sensors.example, 10.0.0.5, [::1]), not '" + name + "'");
            }
            valid.add(canonical);
        }
        return Collections.unmodifiableSet(valid);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (anyHost || host == null || allows(host)) {
            return super.handle(request, response, callback);
        }
        String body = "{\"error\":\"host_not_allowed\",\"message\":"
                + jsonString("Host " + shown(host) + " is not a name of this server, which answers " + answered
                        + " (against DNS rebinding); it can be told to answer other names (--allowed-host)")
                + "}";
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /**
     * @param hostHeader a {@code Host} header's value: a name or address with or without a port
     * @return whether this server answers that name
     */
    boolean allows(String hostHeader) {
        String name = withoutPort(hostHeader.strip());
        if (name == null) {
            return false;
        }
        String canonical = canonical(name);
        if (names.contains(canonical)) {
            return true;
        }
        return anyAddress
                && (IPV4.matcher(canonical).matches() || IPV6.matcher(canonical).matches());
    }

    /** @return the name before an optional {@code :port}, or null when the value is malformed */
    private static String withoutPort(String host) {
        int end;
        if (host.startsWith("[")) {
            end = host.indexOf(']') + 1;
            if (end == 0) {
                return null;
            }
        } else {
            end = host.indexOf(':');
            if (end < 0) {
                return host;
            }
        }
        String rest = host.substring(end);
        if (!rest.isEmpty() && !(rest.length() > 1 && rest.charAt(0) == ':' && digits(rest.substring(1)))) {
            return null;
        }
        return host.substring(0, end);
    }

    private static boolean digits(String text) {
        return text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Lower case, no trailing dot ({@code localhost.} is {@code localhost}), and an IPv6 address in
     * one spelling, in brackets ({@code ::1}, {@code [::1]} and {@code [0:0::1]} are one address).
     */
    private static String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".") && lower.length() > 1) {
            lower = lower.substring(0, lower.length() - 1);
        }
        String inner = lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
        if (inner.indexOf(':') >= 0
                && inner.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            try {
                // In brackets, InetAddress parses the literal and never asks DNS (it fails instead).
                return "[" + InetAddress.getByName("[" + inner + "]").getHostAddress() + "]";
            } catch (UnknownHostException e) {
                return lower; // not an address: refused as any unknown name
            }
        }
        return lower;
    }

    /** Echoed in quotes, short and escaped: a client sending odd bytes gets none back. */
    private static String shown(String host) {
        String kept = host.length() <= 60 ? host : host.substring(0, 60) + "…";
        StringBuilder out = new StringBuilder("'");
        kept.chars().forEach(c -> out.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return out.append('\'').toString();
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
