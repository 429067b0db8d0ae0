package dev.registrystreams.store;

/**
 * Bound of the Caffeine hot tier: either a maximum entry count or a maximum weight in bytes.
 *
 * <p>Exactly one of the two is positive; the other is zero. Weight is the key length plus the value
 * length, so a weight bound caps the heap the hot tier holds regardless of entry sizes.
 */
public record HotTierSettings(long maximumEntries, long maximumWeightBytes) {

  /**
   * Entry bound used when nothing is configured. Chosen from the measured heap per entry (about
   * 1,050 bytes for an entry of 870, docs/BENCHMARKS.md): one instance of a default install (a 1
   * GiB pod, a 512 MiB heap) holding all 6 partitions keeps 120,000 entries, some 125 MB, a quarter
   * of its heap. At 100,000 per task the same instance outgrew its heap at about 400,000 entries.
   */
  public static final long DEFAULT_MAXIMUM_ENTRIES = 20_000;

  public HotTierSettings {
    if (maximumEntries < 0 || maximumWeightBytes < 0) {
      throw new IllegalArgumentException(
          "hot tier bounds must not be negative: entries="
              + maximumEntries
              + ", weightBytes="
              + maximumWeightBytes);
    }
    if ((maximumEntries > 0) == (maximumWeightBytes > 0)) {
      throw new IllegalArgumentException(
          "set exactly one of maximumEntries and maximumWeightBytes: entries="
              + maximumEntries
              + ", weightBytes="
              + maximumWeightBytes);
    }
  }

  /** Bounds the hot tier by number of entries. */
  public static HotTierSettings byEntries(long maximumEntries) {
    return new HotTierSettings(maximumEntries, 0);
  }

  /** Bounds the hot tier by total key plus value bytes. */
  public static HotTierSettings byWeight(long maximumWeightBytes) {
    return new HotTierSettings(0, maximumWeightBytes);
  }

  /** {@value #DEFAULT_MAXIMUM_ENTRIES} entries. */
  public static HotTierSettings defaults() {
    return byEntries(DEFAULT_MAXIMUM_ENTRIES);
  }

  /** True when the bound is a byte weight rather than an entry count. */
  public boolean weighted() {
    return maximumWeightBytes > 0;
  }
}
