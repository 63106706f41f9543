package org.sensorsandmore.http.dashboard;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * The sensor-health report, built from sensor-hourly rows in warehouse order (store, sensor, date,
 * hour): per sensor the failure rate over the range and whether it is above the threshold, and the
 * outages, runs of consecutive hours in which every reading failed.
 *
 * <p>Hours left out by the filters (other weekdays, hours of the day) break a run: an outage is
 * what the user can see in the range they chose.
 */
final class SensorHealth implements Consumer<ViewRow> {

    /** One sensor's failures over the range. */
    record Sensor(String store, int sensorId, long readings, long failed, int outages, int longestOutageHours) {
        /** @return failed readings in percent of all readings; 0 when there are none */
        double failurePercent() {
            return readings == 0 ? 0 : 100.0 * failed / readings;
        }
    }

    /** Consecutive failed hours of one sensor, {@code [from, to)}. */
    record Outage(String store, int sensorId, LocalDateTime from, LocalDateTime to) {
        long hours() {
            return Duration.between(from, to).toHours();
        }
    }

    private final Map<String, Sensor> sensors = new LinkedHashMap<>();
    private final List<Outage> outages = new ArrayList<>();

    private String runStore;
    private int runSensor = -1;
    private LocalDateTime runFrom;
    private LocalDateTime runTo;

    @Override
    public void accept(ViewRow row) {
        if (row.sensorId() == null || row.hour() == null) {
            throw new IllegalArgumentException("Sensor health needs sensor-hourly rows: " + row);
        }
        int sensorId = row.sensorId();
        String key = row.store() + '\u0000' + sensorId;
        Sensor before = sensors.get(key);
        sensors.put(
                key,
                before == null
                        ? new Sensor(row.store(), sensorId, row.readings(), row.failed(), 0, 0)
                        : new Sensor(
                                row.store(),
                                sensorId,
                                before.readings() + row.readings(),
                                before.failed() + row.failed(),
                                before.outages(),
                                before.longestOutageHours()));

        LocalDateTime hour = row.date().atTime(row.hour(), 0);
        boolean sameSensor = Objects.equals(runStore, row.store()) && runSensor == sensorId;
        boolean down = row.readings() > 0 && row.failed() == row.readings();
        if (runFrom != null && !(sameSensor && down && hour.equals(runTo))) {
            endRun();
        }
        if (down) {
            if (runFrom == null) {
                runStore = row.store();
                runSensor = sensorId;
                runFrom = hour;
            }
            runTo = hour.plusHours(1);
        }
    }

    private void endRun() {
        Outage outage = new Outage(runStore, runSensor, runFrom, runTo);
        outages.add(outage);
        String key = runStore + '\u0000' + runSensor;
        Sensor sensor = sensors.get(key);
        sensors.put(
                key,
                new Sensor(
                        sensor.store(),
                        sensor.sensorId(),
                        sensor.readings(),
                        sensor.failed(),
                        sensor.outages() + 1,
                        (int) Math.max(sensor.longestOutageHours(), outage.hours())));
        runFrom = null;
        runTo = null;
        runStore = null;
        runSensor = -1;
    }

    /** @return the sensors in warehouse order; call once every row is in */
    List<Sensor> sensors() {
        finish();
        return List.copyOf(sensors.values());
    }

    /** @return the outages in warehouse order; call once every row is in */
    List<Outage> outages() {
        finish();
        return List.copyOf(outages);
    }

    private void finish() {
        if (runFrom != null) {
            endRun();
        }
    }
}
