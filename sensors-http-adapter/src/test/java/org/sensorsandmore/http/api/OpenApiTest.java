package org.sensorsandmore.http.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sensorsandmore.core.model.ClassicModel;

/**
 * Issue 13, case 17: {@code /openapi.json} describes the API, as the original's FastAPI did, and is
 * held to {@link Route}, the routes the handler dispatches over and the parameters each one reads.
 */
class OpenApiTest {
    private static TrafficApiServer server;
    private static HttpClient http;
    private static Map<String, Object> document;

    @BeforeAll
    static void start() throws Exception {
        server = TrafficApiServer.start(ApiServerConfig.builder()
                .port(0)
                .model(new ClassicModel())
                .now(LocalDateTime.of(2024, 8, 7, 15, 0))
                .build());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        document = new org.openqa.selenium.json.Json().toType(response.body(), org.openqa.selenium.json.Json.MAP_TYPE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String target) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parameters(Route route) {
        Object list = operation(route).get("parameters");
        return list == null ? List.of() : (List<Map<String, Object>>) list;
    }

    private static Map<String, Object> operation(Route route) {
        Map<String, Object> path = map(map(document.get("paths")).get(route.path()));
        assertThat(path).as("paths." + route.path()).isNotNull().containsOnlyKeys("get");
        return map(path.get("get"));
    }

    @Test
    void openApiDocumentIsOpenApi31WithInfoAndUniqueOperations() {
        assertThat(document.get("openapi")).isEqualTo("3.1.0");
        assertThat(map(document.get("info"))).containsKeys("title", "version", "description");
        List<Object> ids = Arrays.stream(Route.values())
                .map(route -> operation(route).get("operationId"))
                .toList();
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void openApiListsEveryRouteTheServerAnswersAndNoOther() {
        Set<String> served = Arrays.stream(Route.values()).map(Route::path).collect(Collectors.toSet());
        assertThat(map(document.get("paths")).keySet()).containsExactlyInAnyOrderElementsOf(served);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void openApiListsEveryQueryParameterTheRouteReads(Route route) {
        List<Map<String, Object>> described = parameters(route);
        assertThat(described).allSatisfy(parameter -> {
            assertThat(parameter.get("in")).isEqualTo("query");
            assertThat(parameter).containsKeys("name", "required", "schema", "description", "example");
        });
        assertThat(described.stream().map(parameter -> parameter.get("name")).toList())
                .containsExactlyInAnyOrderElementsOf(route.parameters());
    }

    /** Asked with every described parameter's example, each route answers the described 200. */
    @ParameterizedTest
    @EnumSource(Route.class)
    void everyRouteAnswersItsDescribedExampleWithADescribedContentType(Route route) throws Exception {
        HttpResponse<String> response = get(route.path() + query(parameters(route), null));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> described =
                map(map(map(operation(route).get("responses")).get("200")).get("content"));
        String contentType = response.headers().firstValue("content-type").orElseThrow();
        assertThat(described.keySet())
                .anySatisfy(type -> assertThat(contentType).startsWith(type));
    }

    /**
     * Without a parameter described as required the answer is the 422 of a missing parameter; without
     * an optional one it is not (it may be another 4xx: {@code sensor} needs a {@code store}).
     */
    @ParameterizedTest
    @EnumSource(Route.class)
    void requiredMeansRequired(Route route) throws Exception {
        for (Map<String, Object> parameter : parameters(route)) {
            HttpResponse<String> response = get(route.path() + query(parameters(route), parameter.get("name")));
            String what = route.path() + " without " + parameter.get("name") + ": " + response.body();
            if (Boolean.TRUE.equals(parameter.get("required"))) {
                assertThat(response.statusCode()).as(what).isEqualTo(422);
                assertThat(response.body()).as(what).contains("'" + parameter.get("name") + "' is missing");
            } else {
                assertThat(response.statusCode()).as(what).isNotEqualTo(422).isLessThan(500);
            }
        }
    }

    @Test
    void headOfTheDescriptionIsItsHeadersWithoutBody() throws Exception {
        HttpResponse<String> head = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/openapi.json"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("content-length"))
                .hasValue(get("/openapi.json").body().getBytes(StandardCharsets.UTF_8).length);
    }

    /** The guard that makes the parameter check above hold: a route reading an undeclared name fails. */
    @Test
    void aParameterReadButNotDeclaredFailsAnAssertion() {
        QueryParameters query = QueryParameters.parse("colour=red", Route.STORES.parameters());
        assertThatThrownBy(() -> query.single("colour"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("'colour' is read but not among its Route's parameters");
    }

    private static String query(List<Map<String, Object>> parameters, Object without) {
        List<String> pairs = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (Map<String, Object> parameter : parameters) {
            Object name = parameter.get("name");
            assertThat(seen.add(name)).as("described twice: " + name).isTrue();
            if (name.equals(without)) {
                continue;
            }
            Object example = parameter.get("example");
            for (Object value : example instanceof List<?> list ? list : List.of(example)) {
                pairs.add(name + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            }
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }
}
