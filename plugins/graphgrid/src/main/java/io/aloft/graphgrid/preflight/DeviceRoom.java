package io.aloft.graphgrid.preflight;

/**
 * One GPU's room for new sessions, as the preflight sees it.
 *
 * @param index the device index (what {@code device_ids} and {@code CUDA_VISIBLE_DEVICES} name)
 * @param capacityMiB its total memory less the safety margin: the most one session can ever reserve on it
 * @param headroomMiB free memory less the safety margin and the reservations not yet taken up; may be negative
 */
public record DeviceRoom(int index, long capacityMiB, long headroomMiB) {

  DeviceRoom less(long mib) {
    return new DeviceRoom(index, capacityMiB, headroomMiB - mib);
  }
}
