package jp.sekisho.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: positional ones and {@code --name value} options, every option known in advance; an option
 * may be given more than once only where the command says so.
 */
final class Arguments {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new HashMap<>();

    Arguments(List<String> arguments, Set<String> knownOptions) {
        this(arguments, knownOptions, Set.of());
    }

    Arguments(List<String> arguments, Set<String> knownOptions, Set<String> repeatableOptions) {
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            if (argument.startsWith("--")) {
                String name = argument.substring(2);
                if (!knownOptions.contains(name)) {
                    throw new UsageError("unknown option " + argument);
                }
                if (index + 1 == arguments.size()) {
                    throw new UsageError("option " + argument + " needs a value");
                }
                List<String> values = options.computeIfAbsent(name, given -> new ArrayList<>());
                values.add(arguments.get(++index));
                if (values.size() > 1 && !repeatableOptions.contains(name)) {
                    throw new UsageError("option " + argument + " is given twice");
                }
            } else {
                positional.add(argument);
            }
        }
    }

    Path onlyPositionalPath(String what) {
        if (positional.size() != 1) {
            throw new UsageError("expected exactly one " + what + ", got " + positional.size() + " arguments");
        }
        return Path.of(positional.get(0));
    }

    Path requiredPath(String option) {
        return Path.of(required(option));
    }

    Path optionalPath(String option) {
        String value = optional(option);
        return value == null ? null : Path.of(value);
    }

    /** For a command that takes options only. */
    void requireNoPositional() {
        if (!positional.isEmpty()) {
            throw new UsageError("unexpected argument " + positional.get(0));
        }
    }

    String required(String option) {
        String value = optional(option);
        if (value == null) {
            throw new UsageError("option --" + option + " is required");
        }
        return value;
    }

    String optional(String option) {
        List<String> values = options.get(option);
        return values == null ? null : values.get(0);
    }

    Long optionalNumber(String option) {
        String value = optional(option);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException notNumber) {
            throw new UsageError("option --" + option + " must be a number, not " + value);
        }
    }

    /** Every value of a repeatable option, in the order given. */
    List<Path> paths(String option) {
        return options.getOrDefault(option, List.of()).stream().map(Path::of).toList();
    }

    /** Wrong use of the command: the message and the usage text are shown, the exit status is 2. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }
}
