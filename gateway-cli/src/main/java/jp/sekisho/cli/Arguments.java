package jp.sekisho.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command's arguments: positional ones and {@code --name value} options, every option known in advance. */
final class Arguments {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();

    Arguments(List<String> arguments, Set<String> knownOptions) {
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
                if (options.put(name, arguments.get(++index)) != null) {
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
        String value = options.get(option);
        if (value == null) {
            throw new UsageError("option --" + option + " is required");
        }
        return Path.of(value);
    }

    Path optionalPath(String option) {
        String value = options.get(option);
        return value == null ? null : Path.of(value);
    }

    /** Wrong use of the command: the message and the usage text are shown, the exit status is 2. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }
}
