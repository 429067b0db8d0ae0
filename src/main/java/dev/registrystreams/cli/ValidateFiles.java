package dev.registrystreams.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The files validate checks, in order: each argument once, a directory as its {@code *.yaml},
 * {@code *.yaml.zst} and {@code *.yaml.gz} files sorted by name. A directory is held as its sorted
 * names, not as paths, so that an export of a million entries costs a short string per file.
 */
final class ValidateFiles extends AbstractList<Path> implements RandomAccess {

  /** A run of files: one argument file ({@code names} null) or a directory's names. */
  private record Segment(Path path, String @Nullable [] names, int first) {
    int size() {
      return names == null ? 1 : names.length;
    }

    Path get(int i) {
      return names == null ? path : path.resolve(names[i]);
    }

    boolean contains(String name) {
      return names != null && Arrays.binarySearch(names, name, ValidateFiles::byCodePoint) >= 0;
    }
  }

  private final List<Segment> segments;
  private final int size;

  private ValidateFiles(List<Segment> segments, int size) {
    this.segments = segments;
    this.size = size;
  }

  /** The files of {@code arguments}; a directory that cannot be listed stands for itself. */
  static ValidateFiles of(List<Path> arguments) {
    List<Segment> segments = new ArrayList<>();
    Set<Path> singles = new HashSet<>();
    Set<Path> dirs = new HashSet<>();
    int size = 0;
    for (Path argument : arguments) {
      Segment segment;
      if (Files.isDirectory(argument)) {
        if (!dirs.add(argument)) {
          continue;
        }
        String @Nullable [] names;
        try {
          names = list(argument, singles);
        } catch (IOException e) {
          names = null; // reported as unreadable when checked
        }
        segment = new Segment(argument, names, size);
      } else {
        if (singles.contains(argument) || listedAlready(segments, argument)) {
          continue;
        }
        singles.add(argument);
        segment = new Segment(argument, null, size);
      }
      if (segment.size() > 0) {
        segments.add(segment);
        size += segment.size();
      }
    }
    return new ValidateFiles(List.copyOf(segments), size);
  }

  /** The registry files of {@code dir} sorted by name, less those given as files before. */
  private static String[] list(Path dir, Set<Path> singles) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
      for (Path p : listing) {
        String name = p.getFileName().toString();
        if (isRegistryFile(name) && !singles.contains(p) && Files.isRegularFile(p)) {
          names.add(name);
        }
      }
    }
    String[] sorted = names.toArray(String[]::new);
    Arrays.sort(sorted, ValidateFiles::byCodePoint);
    return sorted;
  }

  private static boolean listedAlready(List<Segment> segments, Path file) {
    Path parent = file.getParent();
    Path name = file.getFileName();
    if (parent == null || name == null) {
      return false;
    }
    for (Segment segment : segments) {
      if (segment.path().equals(parent) && segment.contains(name.toString())) {
        return true;
      }
    }
    return false;
  }

  static boolean isRegistryFile(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yaml.zst") || name.endsWith(".yaml.gz");
  }

  /**
   * Code point order, which is the byte order of their UTF-8 names: how paths of one directory
   * compare on Unix ({@link String#compareTo} differs for characters beyond U+FFFF).
   */
  private static int byCodePoint(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return Character.isSurrogate(x) || Character.isSurrogate(y)
            ? Integer.compare(a.codePointAt(i), b.codePointAt(i))
            : x - y;
      }
    }
    return a.length() - b.length();
  }

  @Override
  public Path get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    int low = 0;
    int high = segments.size() - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (segments.get(mid).first() <= index) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    Segment segment = segments.get(low);
    return segment.get(index - segment.first());
  }

  @Override
  public int size() {
    return size;
  }
}
