package io.emrdag.porting;

import io.emrdag.diagnostic.UserErrorException;

/**
 * {@code emrdag import} refused to start or to write: a source that does not exist, an unreadable Variables file,
 * or project files that exist already (an import never overwrites them). Nothing was written.
 */
public final class ImportRefusedException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    public ImportRefusedException(String message) {
        super(message);
    }
}
