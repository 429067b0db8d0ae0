package dev.registrystreams.core.yaml;

import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.DumpSettingsBuilder;
import org.snakeyaml.engine.v2.api.RepresentToNode;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A frozen copy of how {@link YamlCodec} wrote YAML before its writer was tuned: the same settings,
 * the engine's standard representer, the YAML 1.1 quoting resolver without a cache and {@code
 * dumpToString}. The tuned writer is tested against it, so it must not change with it.
 */
final class ReferenceYamlDump {

  private static final DumpSettings BLOCK = settings(FlowStyle.BLOCK).setIndent(2).build();
  private static final DumpSettings FLOW = settings(FlowStyle.FLOW).setMultiLineFlow(false).build();
  private static final Pattern LINE_BREAK = Pattern.compile("[\\n\\r\\u0085\\u2028\\u2029]");

  private ReferenceYamlDump() {}

  static String dump(Map<String, Object> doc) {
    return new Dump(BLOCK).dumpToString(doc);
  }

  /** The tag the reference writer resolves {@code value} to as a plain scalar. */
  static Tag resolvePlain(String value) {
    return RESOLVER.resolve(value, true);
  }

  private static final ScalarResolver RESOLVER = new PortableSchema().getScalarResolver();

  static String flow(Object value) {
    String text = new Dump(FLOW, new OneLineRepresenter(FLOW)).dumpToString(value);
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  private static DumpSettingsBuilder settings(FlowStyle style) {
    return DumpSettings.builder()
        .setDefaultFlowStyle(style)
        .setDefaultScalarStyle(ScalarStyle.PLAIN)
        .setSchema(new PortableSchema())
        .setUseUnicodeEncoding(true)
        .setNonPrintableStyle(NonPrintableStyle.ESCAPE)
        .setDereferenceAliases(true)
        .setWidth(Integer.MAX_VALUE)
        .setSplitLines(false);
  }

  private static final class PortableSchema extends CoreSchema {
    private static final Tag YAML11_ONLY = new Tag("tag:yaml.org,2002:yaml11");
    private static final Pattern YAML11_SCALAR =
        Pattern.compile(
            "y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|=|<<"
                + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"
                + "|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                + "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+"
                + "|[-+]?([0-9][0-9_]*)\\.[0-9_]*([eE][-+][0-9]+)?|\\.[0-9_]+([eE][-+][0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*"
                + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    private final ScalarResolver core = super.getScalarResolver();

    @Override
    public ScalarResolver getScalarResolver() {
      return (value, implicit) -> {
        Tag tag = core.resolve(value, implicit);
        if (Tag.STR.equals(tag) && implicit && YAML11_SCALAR.matcher(value).matches()) {
          return YAML11_ONLY;
        }
        return tag;
      };
    }
  }

  private static final class OneLineRepresenter extends StandardRepresenter {
    OneLineRepresenter(DumpSettings settings) {
      super(settings);
      RepresentToNode strings = representers.get(String.class);
      representers.put(
          String.class,
          data ->
              LINE_BREAK.matcher((String) data).find()
                  ? representScalar(Tag.STR, (String) data, ScalarStyle.DOUBLE_QUOTED)
                  : strings.representData(data));
    }
  }
}
