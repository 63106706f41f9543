package org.sensorsandmore.examples.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Renders a picocli command and its subcommands as Markdown: {@code docs/cli-reference.md}.
 *
 * <p>Everything comes from the {@link CommandSpec}: names, descriptions, synopses, options with
 * their defaults (the annotation's {@code defaultValue}, else the field's initial value: what
 * {@code ${DEFAULT-VALUE}} shows in {@code --help}), positional parameters, exclusive groups, exit
 * codes and footers. An option whose default is only known on the running machine (the number of
 * cores) declares none: it shows "—" and its description says what it is. The output holds no
 * path, date or terminal width of the machine, so it is the same bytes everywhere.
 *
 * <p>Stateless; thread-safe.
 */
final class CliReference {
    private CliReference() {}

    /**
     * @param root the root command, e.g. {@code new CommandLine(new SensorsCli())}
     * @param preamble Markdown placed after the title (what the page is, how to regenerate it)
     * @return the reference page
     */
    static String render(CommandLine root, String preamble) {
        List<CommandLine> commands = new ArrayList<>();
        collect(root, commands);
        StringBuilder page = new StringBuilder();
        page.append("# CLI reference\n\n").append(preamble.strip()).append("\n\n");
        page.append("| command | what it does |\n|---|---|\n");
        for (CommandLine command : commands) {
            page.append("| [`")
                    .append(qualifiedName(command))
                    .append("`](#")
                    .append(anchor(qualifiedName(command)))
                    .append(") | ")
                    .append(cell(firstSentence(command.getCommandSpec())))
                    .append(" |\n");
        }
        for (CommandLine command : commands) {
            page.append('\n');
            renderCommand(command, page);
        }
        return page.toString();
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        if (command.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        into.add(command);
        // The map holds each alias too: keep one entry a command, in declaration order.
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        for (CommandLine sub : command.getSubcommands().values()) {
            if (seen.put(sub, Boolean.TRUE) == null) {
                collect(sub, into);
            }
        }
    }

    static String qualifiedName(CommandLine command) {
        return command.getCommandSpec().qualifiedName(" ");
    }

    private static void renderCommand(CommandLine command, StringBuilder page) {
        CommandSpec spec = command.getCommandSpec();
        page.append("## `").append(qualifiedName(command)).append("`\n\n");
        List<String> aliases = List.of(spec.aliases());
        if (!aliases.isEmpty()) {
            page.append("Also: ")
                    .append(aliases.stream().map(a -> "`" + a + "`").collect(Collectors.joining(", ")))
                    .append(".\n\n");
        }
        String header = paragraphs(spec.usageMessage().header());
        if (!header.isEmpty()) {
            page.append(header).append("\n\n");
        }
        String description = paragraphs(spec.usageMessage().description());
        if (!description.isEmpty()) {
            page.append(description).append("\n\n");
        }
        page.append("```text\n").append(synopsis(command)).append("\n```\n\n");

        List<PositionalParamSpec> parameters =
                spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!parameters.isEmpty()) {
            page.append("| parameter | default | meaning |\n|---|---|---|\n");
            for (PositionalParamSpec parameter : parameters) {
                page.append("| ")
                        .append(code(parameter.paramLabel()))
                        .append(parameter.arity().min() == 0 ? " (optional)" : "")
                        .append(" | ")
                        .append(defaultCell(parameter.defaultValue()))
                        .append(" | ")
                        .append(cell(String.join(" ", parameter.renderedDescription())))
                        .append(" |\n");
            }
            page.append('\n');
        }

        List<OptionSpec> options =
                new ArrayList<>(spec.options().stream().filter(o -> !o.hidden()).toList());
        if (spec.usageMessage().sortOptions()) {
            options.sort(Comparator.comparing(
                    o -> o.longestName().replaceFirst("^-+", "").toLowerCase(Locale.ROOT)));
        }
        if (!options.isEmpty()) {
            page.append("| option | default | meaning |\n|---|---|---|\n");
            for (OptionSpec option : options) {
                page.append("| ")
                        .append(optionNames(option))
                        .append(" | ")
                        .append(defaultCell(option))
                        .append(" | ")
                        .append(cell(String.join(" ", option.renderedDescription())))
                        .append(negation(spec, option))
                        .append(option.required() && option.group() == null ? " Required." : "")
                        .append(" |\n");
            }
            page.append('\n');
        }

        for (ArgGroupSpec group : spec.argGroups()) {
            if (group.exclusive() && group.options().size() > 1) {
                page.append(group.multiplicity().min() > 0 ? "Exactly one of " : "At most one of ")
                        .append(group.options().stream()
                                .map(o -> "`" + o.longestName() + "`")
                                .collect(Collectors.joining(", ")))
                        .append(".\n\n");
            }
        }

        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            page.append("| exit code | meaning |\n|---|---|\n");
            exitCodes.forEach((code, meaning) -> page.append("| ")
                    .append(cell(code.strip()))
                    .append(" | ")
                    .append(cell(meaning.strip()))
                    .append(" |\n"));
            page.append('\n');
        }

        String footer = paragraphs(spec.usageMessage().footer());
        if (!footer.isEmpty()) {
            page.append(footer).append("\n\n");
        }
        // One blank line between sections, none at the end of the page.
        page.setLength(page.length() - 1);
    }

    /** The synopsis picocli prints first in {@code --help}, without its "Usage: " heading. */
    private static String synopsis(CommandLine command) {
        CommandLine.Help help = new CommandLine.Help(
                command.getCommandSpec(), CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        String synopsis = help.synopsis(0).stripTrailing();
        return synopsis.startsWith("Usage: ") ? synopsis.substring("Usage: ".length()) : synopsis;
    }

    private static String optionNames(OptionSpec option) {
        String label = option.typeInfo().isBoolean() || option.arity().max() == 0 ? "" : " " + option.paramLabel();
        return List.of(option.names()).stream().map(name -> code(name + label)).collect(Collectors.joining(", "));
    }

    /**
     * The declared default, else the field's initial value (what {@code ${DEFAULT-VALUE}} shows in
     * {@code --help}); none for the help options, whose flags only ask for a page.
     */
    private static String defaultCell(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp()) {
            return "—";
        }
        return defaultCell(option.defaultValueString(true));
    }

    private static String negation(CommandSpec spec, OptionSpec option) {
        if (!option.negatable()) {
            return "";
        }
        String negated = spec.negatableOptionTransformer().makeNegative(option.longestName(), spec);
        return " Negated by `" + negated + "`.";
    }

    private static String defaultCell(String value) {
        if (value == null || value.isEmpty() || "null".equals(value) || CommandLine.Option.NULL_VALUE.equals(value)) {
            return "—";
        }
        return code(value);
    }

    /** A code span in a table cell: literal but for the pipe, which a table needs escaped. */
    private static String code(String text) {
        return "`" + text.replace("|", "\\|") + "`";
    }

    private static String firstSentence(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String first = (header.length > 0
                        ? paragraphs(header)
                        : paragraphs(spec.usageMessage().description()))
                .lines()
                .findFirst()
                .orElse("");
        int end = first.indexOf(". ");
        return end < 0 ? first : first.substring(0, end + 1);
    }

    /** Description or footer lines as Markdown paragraphs; picocli's {@code %n} is a line break. */
    private static String paragraphs(String[] lines) {
        return List.of(lines).stream()
                .map(CliReference::text)
                .flatMap(String::lines)
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(CliReference::escapeOutsideCode)
                .collect(Collectors.joining("\n\n"));
    }

    private static String text(String line) {
        return line.replace("%n", "\n").replace("%%", "%");
    }

    /** A table cell: one line, pipes escaped. */
    private static String cell(String text) {
        return escapeOutsideCode(text(text).replace('\n', ' ').strip()).replace("|", "\\|");
    }

    private static final Set<Character> HTML = Set.of('<', '>');

    /** {@code <name>} would be read as an HTML tag outside a code span; inside one it is literal. */
    private static String escapeOutsideCode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean code = false;
        for (char c : text.toCharArray()) {
            if (c == '`') {
                code = !code;
            }
            if (!code && HTML.contains(c)) {
                out.append(c == '<' ? "&lt;" : "&gt;");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }
}
