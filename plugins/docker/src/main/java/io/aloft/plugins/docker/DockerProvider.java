package io.aloft.plugins.docker;

import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.OperatorProvider;
import io.aloft.sdk.SettingSpec;
import java.util.List;
import org.pf4j.Extension;

/** Contributes {@code DockerOperator} and {@code DockerSwarmOperator} under Airflow's import paths, with their Python shims. */
@Extension
public final class DockerProvider implements OperatorProvider {

  /** The descriptor name, which serialized DAGs store as the task's operator. */
  public static final String OPERATOR = "DockerOperator";
  /** The descriptor name of the Swarm operator. */
  public static final String SWARM_OPERATOR = "DockerSwarmOperator";

  @Override
  public List<OperatorDescriptor> operators() {
    DockerClients.warmUp(DockerEndpoint.of(DockerEndpoint.DEFAULT_URL));
    return List.of(descriptor(), swarmDescriptor());
  }

  /** The engine Docker tasks use when they set no {@code docker_url}. */
  public static final SettingSpec DOCKER_HOST = SettingSpec.of(DockerEndpoint.SETTING, SettingSpec.Type.STRING,
      DockerEndpoint.DEFAULT_URL, "the Docker engine of Docker tasks that set no docker_url (also read from DOCKER_HOST)");

  @Override
  public List<SettingSpec> settings() {
    return List.of(DOCKER_HOST);
  }

  public static OperatorDescriptor descriptor() {
    return OperatorDescriptor.builder(OPERATOR)
        .pythonPath("airflow.providers.docker.operators.docker.DockerOperator")
        .arguments(DockerArguments.SPECS)
        .templated(DockerArguments.TEMPLATE_FIELDS.toArray(String[]::new))
        .secret("private_environment")
        .pythonShimRoot("python")
        .factory(DockerOperator::new)
        .build();
  }

  public static OperatorDescriptor swarmDescriptor() {
    return OperatorDescriptor.builder(SWARM_OPERATOR)
        .pythonPath("airflow.providers.docker.operators.docker_swarm.DockerSwarmOperator")
        .arguments(SwarmArguments.SPECS)
        .templated(SwarmArguments.TEMPLATE_FIELDS.toArray(String[]::new))
        .secret("private_environment")
        .pythonShimRoot("python")
        .factory(DockerSwarmOperator::new)
        .build();
  }
}
