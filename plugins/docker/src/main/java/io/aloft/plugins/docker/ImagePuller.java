package io.aloft.plugins.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import io.aloft.sdk.TaskContext;
import java.io.IOException;

/** Pulls an image for a task, turning a failed pull into "build it" advice. */
final class ImagePuller {

  private ImagePuller() {}

  static void pull(DockerClient docker, TaskContext ctx, String image) {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    boolean tagged = colon > slash && !image.contains("@");
    String repository = tagged ? image.substring(0, colon) : image;
    String tag = tagged ? image.substring(colon + 1) : "latest";
    ctx.log().info("Pulling docker image " + repository + ":" + tag);
    try {
      QuietPull pull = docker.pullImageCmd(repository).withTag(tag).exec(new QuietPull());
      pull.awaitCompletion();
      if (pull.failure != null) {
        throw pull.failure;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DockerTaskException("interrupted while pulling " + image, e);
    } catch (RuntimeException e) {
      if (DockerErrors.isUnreachable(e)) {
        throw e;
      }
      throw DockerErrors.imageMissing(image, e);
    }
  }

  /** A pull that reports its failure to the caller only: docker-java's own callback also logs it as an error. */
  private static final class QuietPull extends ResultCallback.Adapter<PullResponseItem> {
    private volatile RuntimeException failure;

    @Override
    public void onNext(PullResponseItem item) {
      if (item.getErrorDetail() != null) {
        failure = new DockerTaskException(item.getErrorDetail().getMessage());
      }
    }

    @Override
    public void onError(Throwable t) {
      failure = t instanceof RuntimeException r ? r : new DockerTaskException(t.getMessage(), t);
      try {
        close();
      } catch (IOException ignored) {
        // Closing a failed stream.
      }
    }
  }
}
