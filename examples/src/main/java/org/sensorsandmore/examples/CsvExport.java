package org.sensorsandmore.examples;

import java.nio.file.Path;
import java.time.LocalDate;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.csv.ReadingCsvFormat;
import org.sensorsandmore.core.csv.ReadingCsvWriter;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;

/**
 * Writes a month of a 100-store fleet to CSV on two threads, atomically: the file appears whole or
 * not at all. Run with {@code java -cp examples/target/sensors.jar org.sensorsandmore.examples.CsvExport
 * out.csv}.
 */
public final class CsvExport {
    private CsvExport() {}

    /**
     * @param args the output file (default {@code fleet-2024-07.csv})
     */
    public static void main(String[] args) {
        Path target = Path.of(args.length > 0 ? args[0] : "fleet-2024-07.csv");
        ReadingGenerator generator = ReadingGenerator.of(new FootfallModel(42), StoreNetwork.fleet(100, 10))
                .withThreads(2);
        HourWindow july = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 8, 1));
        ReadingCsvWriter.writeAtomically(target, ReadingCsvFormat.LIBRARY, sink -> generator.generate(july, sink));
        System.out.println("Wrote " + target.toAbsolutePath());
    }
}
