package org.sensorsandmore.sql.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.sql.Warehouse;

class StatusCodesTest {
    /** A status column compared with a number, as in {@code status = 1} or {@code g.status <> 2}. */
    private static final Pattern BARE_CODE = Pattern.compile("status\\s*(=|<>|!=|IN)\\s*\\(?\\s*\\d");

    @Test
    void eachStatusHasTheCodeItIsStoredWith() {
        assertThat(ReadingStatus.OK.code()).isEqualTo((byte) 0);
        assertThat(ReadingStatus.FAILED.code()).isEqualTo((byte) 1);
        assertThat(ReadingStatus.NOT_OPEN.code()).isEqualTo((byte) 2);
        for (ReadingStatus status : ReadingStatus.values()) {
            assertThat(ReadingStatus.ofCode(status.code())).isEqualTo(status);
        }
        assertThat(StatusCodes.is("r.status", ReadingStatus.FAILED)).isEqualTo("r.status = 1");
        assertThat(StatusCodes.isNot("status", ReadingStatus.NOT_OPEN)).isEqualTo("status <> 2");
    }

    @Test
    void namesAndCodesConvertBothWaysInSql() {
        try (Warehouse warehouse = Warehouse.inMemory()) {
            List<String> rows = warehouse.read(connection -> {
                List<String> found = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT name, " + StatusCodes.ofName("name") + ", "
                                + StatusCodes.nameOf(StatusCodes.ofName("name"))
                                + " FROM (VALUES ('OK'), ('FAILED'), ('NOT_OPEN'), ('LOST')) t(name) ORDER BY name")) {
                    while (rs.next()) {
                        found.add(rs.getString(1) + ":" + rs.getObject(2) + ":" + rs.getString(3));
                    }
                }
                return found;
            });
            assertThat(rows).containsExactly("FAILED:1:FAILED", "LOST:null:null", "NOT_OPEN:2:NOT_OPEN", "OK:0:OK");
        }
    }

    @Test
    void noViewTextSpellsAStatusCode() {
        for (View view : View.values()) {
            String template = ViewSql.template(view);
            assertThat(BARE_CODE.matcher(template).find())
                    .as(view.tableName() + ".sql")
                    .isFalse();
            // Comment lines keep their placeholders; every other line has them filled.
            assertThat(ViewTexts.sql(view, 4, FailurePolicy.EXCLUDE).lines())
                    .filteredOn(line -> !line.strip().startsWith("--"))
                    .noneMatch(line -> line.contains("{{"));
        }
        assertThat(ViewTexts.sql(View.SENSOR_HOURLY, 4, FailurePolicy.EXCLUDE)).contains("status = 1");
    }
}
