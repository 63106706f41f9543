package org.sensorsandmore.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.text.JsonText;

class CellsTest {
    @Test
    void hundredthsAreShortestAndRounded() {
        assertThat(Cells.hundredths(12.0)).isEqualTo("12");
        assertThat(Cells.hundredths(12.5)).isEqualTo("12.5");
        assertThat(Cells.hundredths(12.345)).isEqualTo("12.35");
        assertThat(Cells.hundredths(0.05)).isEqualTo("0.05");
        assertThat(Cells.hundredths(-3.254)).isEqualTo("-3.25");
        assertThat(Cells.hundredths(-0.001)).isEqualTo("0");
        assertThat(Cells.hundredths(123_456_789.0)).isEqualTo("123456789");
        assertThat(Cells.hundredths(null)).isNull();
        assertThat(Cells.hundredths(Double.NaN)).isNull();
        assertThat(Cells.hundredths(Double.POSITIVE_INFINITY)).isNull();
    }

    @Test
    void formulaLikeTextIsPrefixedAndQuotedWhenNeeded() {
        assertThat(csv("=1+1")).isEqualTo("'=1+1");
        assertThat(csv("+33 1 23")).isEqualTo("'+33 1 23");
        assertThat(csv("-2")).isEqualTo("'-2");
        assertThat(csv("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(csv("\t=1")).isEqualTo("'\t=1");
        assertThat(csv("Paris")).isEqualTo("Paris");
        assertThat(csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(csv("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(csv("")).isEmpty();
    }

    @Test
    void jsonStringsEscapeEverythingThatCouldBreakOut() {
        assertThat(JsonText.string(new StringBuilder(), "a\"b\\c\n</script>\u2028\u0001")
                        .toString())
                .isEqualTo("\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u2028\\u0001\"");
    }

    private static String csv(String value) {
        StringBuilder out = new StringBuilder();
        Cells.csvText(out, value);
        return out.toString();
    }
}
