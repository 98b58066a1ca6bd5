package io.emrdag.write;

import io.emrdag.diagnostic.UserErrorException;
import java.nio.file.Path;

/** An output folder holds another environment's files (or files generated without environments): never mixed. */
public final class MixedEnvironmentsException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    MixedEnvironmentsException(String message) {
        super(message);
    }

    static MixedEnvironmentsException holding(Path folder, String holds, String wanted) {
        return new MixedEnvironmentsException(folder + " holds the files of " + describe(holds) + ", not of " + describe(wanted)
                + " (its " + Manifest.FILE_NAME + " says so); environments never share a folder" + System.lineSeparator()
                + "  hint: " + (wanted == null ? "choose the environment with --environment " + holds : "generate into the output"
                        + " folder itself: each environment's files go into <output>/<environment>/"));
    }

    static MixedEnvironmentsException inside(Path output, String environment) {
        return new MixedEnvironmentsException(output + " holds generated files itself (see its " + Manifest.FILE_NAME
                + "); environment '" + environment + "' would be generated into a folder inside them, and an Airflow reading"
                + " that folder would load both" + System.lineSeparator() + "  hint: give --output the folder that holds one"
                + " folder per environment, e.g. generated-dags; files generated before the project had environments are"
                + " listed in " + output.resolve(Manifest.FILE_NAME) + ": delete them and that file");
    }

    private static String describe(String environment) {
        return environment == null ? "a project without environments" : "environment '" + environment + "'";
    }
}
