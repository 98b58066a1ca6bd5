package io.emrdag.deploy;

import java.util.List;

/**
 * The environment a deploy is for, as the project's metadata says: a deploy of environment X can only ever write X's
 * own target.
 *
 * @param name     the environment deployed, or {@code null} for a project deployed as written
 * @param target   its {@code deploy_to} in {@code emrdag.yaml}, or {@code null}
 * @param declared every environment {@code emrdag.yaml} declares (empty: the project has none)
 */
public record DeployEnvironment(String name, String target, List<String> declared) {

    public DeployEnvironment {
        declared = List.copyOf(declared);
    }

    /** A project without environments: the target comes from the command line alone. */
    public static DeployEnvironment none() {
        return new DeployEnvironment(null, null, List.of());
    }

    /**
     * The target to deploy to: the environment's own; {@code requested} (the command line's) only when it names the same
     * place, or when the project has no environments.
     *
     * @throws DeployTargetException when no environment is chosen in a project that declares some, when the command line
     *     names another place than the environment's, or when nothing names a target
     */
    String resolve(String requested) {
        String nl = System.lineSeparator();
        if (name == null && !declared.isEmpty()) {
            throw new DeployTargetException("the project declares environments (" + String.join(", ", declared)
                    + "): choose the one to deploy" + nl + "  hint: emrdag deploy --environment " + declared.get(0)
                    + " (Maven: -Demrdag.environment=" + declared.get(0) + "); it deploys to that environment's deploy_to");
        }
        if (name == null) {
            return requested;
        }
        if (requested != null && !requested.isBlank() && !DeployTarget.parse(requested).equals(DeployTarget.parse(target))) {
            throw new DeployTargetException("--target " + requested + " is not where environment '" + name + "' deploys ("
                    + target + ", its deploy_to in emrdag.yaml): a deploy of an environment only ever writes its own target"
                    + nl + "  hint: drop --target, or change deploy_to of '" + name + "' in emrdag.yaml");
        }
        return target;
    }
}
