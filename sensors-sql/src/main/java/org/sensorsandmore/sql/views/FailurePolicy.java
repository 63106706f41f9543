package org.sensorsandmore.sql.views;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** What a failed reading (the original's {@code -1}) contributes to a view's sums. */
public enum FailurePolicy {
    /** A failed reading adds nothing to {@code visits}; it is counted in {@code failed}. */
    EXCLUDE,
    /** The original system's rule: a failed reading counts as 0 visits. Reproduces its numbers. */
    LEGACY_ZERO;

    /**
     * @return its name on the command lines ({@code sensors process}, {@code spark-process}):
     *     {@code exclude} or {@code legacy-zero}
     */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param optionName a name as the command lines spell it, {@link #optionName()}
     * @return the policy of that name, or empty when no policy has it
     */
    public static Optional<FailurePolicy> ofOptionName(String optionName) {
        return of(optionName, FailurePolicy::optionName);
    }

    /**
     * @return its name in the dashboard's addresses ({@code failures=}): {@code exclude} or {@code
     *     legacy_zero}, as the original's page spelled it
     */
    public String parameterName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param parameterName a name as the dashboard's addresses spell it, {@link #parameterName()}, in
     *     any case
     * @return the policy of that name, or empty when no policy has it
     */
    public static Optional<FailurePolicy> ofParameterName(String parameterName) {
        return of(parameterName.toLowerCase(Locale.ROOT), FailurePolicy::parameterName);
    }

    private static Optional<FailurePolicy> of(String name, Function<FailurePolicy, String> naming) {
        for (FailurePolicy policy : values()) {
            if (naming.apply(policy).equals(name)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
