package io.emrdag.write;

import io.emrdag.diagnostic.UserErrorException;
import java.nio.file.Path;
import java.util.List;

/** The output folder holds files emrdag did not generate where it would write: it refuses to touch them. */
public final class ForeignFileException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    public ForeignFileException(Path output, List<String> files) {
        super("not overwriting files that emrdag did not generate in " + output + ": " + String.join(", ", files)
                + System.lineSeparator() + "  hint: move or delete them, or choose another --output folder");
    }
}
