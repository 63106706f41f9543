package org.sensorsandmore.sql.testing;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Objects;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.TrafficClient;

/**
 * A client whose stream is cut mid-way: it delivers another client's readings, but in a window
 * that starts at or after a given hour it throws {@code SensorsException("stream cut")} right
 * after the first batch, which has reached the sink (a warehouse's staging) first.
 *
 * <p>Shared by the tests of several packages, hence public; test code only.
 */
public final class CutStreamClient implements TrafficClient {
    private final TrafficClient delegate;
    private final LocalDateTime cutFrom;

    private CutStreamClient(TrafficClient delegate, LocalDateTime cutFrom) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.cutFrom = Objects.requireNonNull(cutFrom, "cutFrom");
    }

    /** @return a client whose every stream is cut after its first batch */
    public static CutStreamClient always(TrafficClient delegate) {
        return new CutStreamClient(delegate, LocalDateTime.MIN);
    }

    /** @return a client whose streams are cut in the windows that start at or after {@code from} */
    public static CutStreamClient from(TrafficClient delegate, LocalDateTime from) {
        return new CutStreamClient(delegate, from);
    }

    @Override
    public StoreNetwork network() {
        return delegate.network();
    }

    @Override
    public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
        delegate.readings(window, stores, batch -> {
            sink.accept(batch);
            if (!window.from().isBefore(cutFrom)) {
                throw new SensorsException("stream cut");
            }
        });
    }
}
