package io.aloft.graphgrid.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulator's workload: training jobs of five model types on one 24 GiB card, with Poisson arrivals. Each model
 * has a true peak that grows with the dataset (a base plus MiB per MB) times a noise factor, a duration, and a
 * warm-up: the container starts, its process appears on the GPU with a quarter of its peak once it is healthy, and
 * its memory grows linearly to the peak over the warm-up ramp. The policies never see the true peaks; they see the
 * static table ({@code MemoryEstimates}, the "nominal need") and the GPU's readings.
 */
record Trace(long deviceMiB, List<Job> jobs) {

  static final long DEVICE_MIB = 24_576;
  static final int JOBS = 60;
  static final double MEAN_INTERARRIVAL_S = 6 * 60;
  static final double STARTUP_S = 60;
  static final double INITIAL_SHARE = 0.5;
  static final double NOISE_SD = 0.04;
  static final double NOISE_LIMIT = 0.10;

  /** A model type: its true peak (base + perMb x dataset MB) and median duration. */
  record Model(String name, long baseMiB, double perMbMiB, double medianMinutes) {}

  static final List<Model> MODELS = List.of(
      new Model("sentiment_analysis_binary", 1400, 4.0, 8),
      new Model("part_of_speech_tagging", 2000, 4.5, 12),
      new Model("named_entity_recognition", 2800, 7.0, 20),
      new Model("relation_extraction", 4000, 9.0, 25),
      new Model("coreference_resolution", 5500, 10.0, 35));

  /**
   * One job.
   *
   * @param id its id
   * @param model its model type
   * @param arrivalS when it is triggered, seconds from the start
   * @param datasetBytes its dataset's size
   * @param peakMiB its true peak, unknown to the policies
   * @param durationS its training time once healthy (warm-up included)
   * @param rampS how long its memory takes to grow to the peak
   */
  record Job(String id, String model, double arrivalS, long datasetBytes, long peakMiB, double durationS,
             double rampS) {}

  static Trace generate(long seed) {
    Random random = new Random(seed);
    List<Job> jobs = new ArrayList<>();
    double t = 0;
    for (int i = 0; i < JOBS; i++) {
      t += -Math.log(1 - random.nextDouble()) * MEAN_INTERARRIVAL_S;
      Model m = MODELS.get(random.nextInt(MODELS.size()));
      double mb = 50 + random.nextDouble() * 250;
      double noise = Math.max(-NOISE_LIMIT, Math.min(NOISE_LIMIT, random.nextGaussian() * NOISE_SD));
      long peak = Math.round((m.baseMiB() + m.perMbMiB() * mb) * (1 + noise));
      double duration = m.medianMinutes() * 60 * Math.exp(random.nextGaussian() * 0.3);
      double ramp = Math.min(duration / 2, 60 + random.nextDouble() * 120);
      jobs.add(new Job("job-%02d".formatted(i), m.name(), t, Math.round(mb * 1e6), peak, duration, ramp));
    }
    return new Trace(DEVICE_MIB, jobs);
  }
}
