package io.emrdag.deploy;

/**
 * A conditional write or delete lost a race: the object was created, changed or deleted by someone else
 * since it was read. The deployer turns it into a {@link DeployConflictException} naming the file.
 */
public final class PreconditionFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public PreconditionFailedException(String key) {
        super("precondition failed for " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
