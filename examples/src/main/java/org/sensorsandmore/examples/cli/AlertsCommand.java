package org.sensorsandmore.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sensorsandmore.examples.cli.options.DatabaseOption;
import org.sensorsandmore.sql.DatabaseInUseException;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.alerts.Alerts;
import org.sensorsandmore.sql.alerts.Incident;
import org.sensorsandmore.sql.publish.PublishedViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sensors alerts}: the alerts' incidents of a warehouse, open ones first. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "List the alert incidents of a warehouse, one line each: the open ones, then the latest closed ones.",
            "Works beside a running pipeline (it then reads the incidents published beside the database).",
            "Exit codes: 0 done, 1 the database cannot be read, 2 bad arguments."
        })
final class AlertsCommand implements Callable<Integer>, DatabaseCommand {
    @Mixin
    DatabaseOption database;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "The incidents shown at most (default: ${DEFAULT-VALUE}).")
    int limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path db = database.db();
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, not " + limit);
        }
        // Opening would create an empty database: a typo in --db must not look like "no incidents".
        if (!Files.isRegularFile(db)) {
            throw new IllegalArgumentException("No warehouse file at " + db + " (give --db the pipeline's database)");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Incident> incidents = read(db);
        if (incidents.isEmpty()) {
            out.println("No alert incidents in " + db);
        }
        for (Incident incident : incidents) {
            out.printf(
                    Locale.ROOT,
                    "#%-4d %-6s %-12s %-24s since %s  opened %s%s  %s%n",
                    incident.id(),
                    incident.isOpen() ? "OPEN" : "closed",
                    incident.rule().key(),
                    incident.subject(),
                    incident.since(),
                    incident.openedAt().truncatedTo(ChronoUnit.SECONDS),
                    incident.isOpen() ? "" : "  closed " + incident.closedAt().truncatedTo(ChronoUnit.SECONDS),
                    incident.detail());
        }
        out.flush();
        return 0;
    }

    /** The database when it is free; else what the process that holds it published. */
    private List<Incident> read(Path db) {
        try (Warehouse warehouse = Warehouse.open(db)) {
            return Alerts.incidents(warehouse, limit);
        } catch (DatabaseInUseException e) {
            Path folder = PublishedViews.folderOf(db);
            if (!PublishedViews.isPublished(folder)) {
                throw e;
            }
            try (PublishedViews views = PublishedViews.open(folder)) {
                return Alerts.incidents(views, limit);
            }
        }
    }
}
