package io.aloft.graphgrid.gpu;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * The name of the machine whose GPUs this process reads: the {@code gpu_node} setting ({@code ALOFT_GPU_NODE}), else
 * the host name, which is the host part of the {@code host:pid} a worker records on its tries. GPU readings and
 * admissions are keyed by it, so two workers on one machine share one node (one GPU), and two machines never do.
 */
public final class GpuNodes {

  /** Settings key naming this machine for GPU admission. */
  public static final String NODE = "gpu_node";

  private GpuNodes() {}

  /** This process's node name. */
  public static String local(Map<String, String> settings) {
    String node = settings.getOrDefault(NODE, "").strip();
    if (!node.isEmpty()) {
      return node;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
