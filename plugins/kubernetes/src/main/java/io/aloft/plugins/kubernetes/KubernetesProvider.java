package io.aloft.plugins.kubernetes;

import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.OperatorProvider;
import io.aloft.sdk.SettingSpec;
import java.util.List;
import org.pf4j.Extension;

/** Contributes {@code KubernetesPodOperator} under the cncf.kubernetes provider's import paths, with its Python shim. */
@Extension
public final class KubernetesProvider implements OperatorProvider {

  /** The descriptor name, which serialized DAGs store as the task's operator. */
  public static final String OPERATOR = "KubernetesPodOperator";

  /** The image of the sidecar that holds {@code /airflow/xcom/return.json} for {@code do_xcom_push=True}. */
  public static final SettingSpec XCOM_SIDECAR_IMAGE = SettingSpec.of("kubernetes_xcom_sidecar_image",
      SettingSpec.Type.STRING, "alpine",
      "the image of the sidecar container that KubernetesPodOperator(do_xcom_push=True) reads the XCom file from");

  @Override
  public List<OperatorDescriptor> operators() {
    return List.of(descriptor());
  }

  @Override
  public List<SettingSpec> settings() {
    return List.of(XCOM_SIDECAR_IMAGE);
  }

  public static OperatorDescriptor descriptor() {
    return OperatorDescriptor.builder(OPERATOR)
        .pythonPath("airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator")
        .pythonPath("airflow.providers.cncf.kubernetes.operators.kubernetes_pod.KubernetesPodOperator")
        .arguments(PodArguments.SPECS)
        .templated(PodArguments.TEMPLATE_FIELDS.toArray(String[]::new))
        .pythonShimRoot("python")
        .factory(KubernetesPodOperator::new)
        .build();
  }
}
