package com.stedi.lakehouse.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where the value of each {@link Setting} comes from. Precedence, highest first:
 *
 * <ol>
 *   <li>the command line: a dedicated option ({@code --warehouse}, {@code --profile}, a command's
 *       own such as {@code --expire-older-than}: {@link #withOption}), then {@code --conf
 *       KEY=VALUE};
 *   <li>the setting's environment variable ({@code STEDI_...});
 *   <li>the configuration file, {@code --config FILE} or {@code $STEDI_CONFIG}: Java properties
 *       with the keys of {@link Setting};
 *   <li>the default.
 * </ol>
 *
 * <p>Every command reads its settings here, through {@link LakehouseConfig}: none repeats the
 * precedence. Deprecated keys ({@link Setting#deprecatedKeys}) are read as their setting's key; the
 * current key wins when a source has both. Unknown keys are refused by name, and so is anything
 * that looks like a credential: AWS credentials come only from the AWS SDK's default provider
 * chain.
 */
public final class ConfigSources {
  public static final String CONFIG_ENV = "STEDI_CONFIG";
  private static final Pattern CREDENTIAL =
      Pattern.compile(".*(secret|access-key|accesskey|session-token|password|credential).*");

  private final Map<Setting, String> options;
  private final Map<Setting, String> commandLine;
  private final Map<String, String> env;
  private final Map<Setting, String> file;
  private final String fileName;

  /** The option names that set {@link #options}, for error messages. */
  private final Map<Setting, String> optionNames;

  private ConfigSources(
      Map<Setting, String> options,
      Map<Setting, String> optionNames,
      Map<Setting, String> commandLine,
      Map<String, String> env,
      Map<Setting, String> file,
      String fileName) {
    this.options = options;
    this.optionNames = optionNames;
    this.commandLine = commandLine;
    this.env = env;
    this.file = file;
    this.fileName = fileName;
  }

  /**
   * @param commandLine values given on the command line, by setting key
   * @param env the process environment
   * @param configFile the {@code --config} option, or null to use {@code $STEDI_CONFIG} if set
   */
  public static ConfigSources of(
      Map<String, String> commandLine, Map<String, String> env, Path configFile) {
    Path file = configFile != null ? configFile : pathOrNull(env.get(CONFIG_ENV));
    return new ConfigSources(
        Map.of(),
        Map.of(),
        settings(commandLine, "--conf"),
        env,
        file == null ? Map.of() : settings(read(file), file.toString()),
        file == null ? null : file.toString());
  }

  /**
   * These sources with a command's own option for a setting on top, e.g. {@code
   * --expire-older-than} for {@code maintenance.expire-older-than}; errors name the option.
   *
   * @param value the option's value; null when it was not given, which changes nothing
   */
  public ConfigSources withOption(Setting setting, String option, String value) {
    if (value == null) {
      return this;
    }
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    values.putAll(options);
    values.put(setting, value.strip());
    Map<Setting, String> names = new EnumMap<>(Setting.class);
    names.putAll(optionNames);
    names.put(setting, option);
    return new ConfigSources(values, names, commandLine, env, file, fileName);
  }

  /** The environment alone: for callers without a command line. */
  public static ConfigSources environment(Map<String, String> env) {
    return of(Map.of(), env, null);
  }

  /** No source at all: every setting has its default. */
  public static ConfigSources defaults() {
    return environment(Map.of());
  }

  /** The value of a setting from the first source that has one; empty for its default. */
  public Optional<String> value(Setting setting) {
    if (options.containsKey(setting)) {
      return Optional.of(options.get(setting));
    }
    if (commandLine.containsKey(setting)) {
      return Optional.of(commandLine.get(setting));
    }
    if (env.containsKey(setting.env())) {
      return Optional.of(env.get(setting.env()));
    }
    return Optional.ofNullable(file.get(setting));
  }

  /** The value of a setting from the first source that has one, else its default. */
  public String get(Setting setting) {
    return value(setting).orElse(setting.defaultValue());
  }

  /**
   * The value of a setting, else its default, parsed; the parser names {@link #origin} in its
   * errors.
   */
  public <T> T get(Setting setting, Parser<T> parser) {
    return parser.parse(origin(setting), get(setting));
  }

  /**
   * Where a setting's value came from, for error messages: the option, the key, the environment
   * variable or the key in the file.
   */
  public String origin(Setting setting) {
    if (options.containsKey(setting)) {
      return optionNames.get(setting);
    }
    if (commandLine.containsKey(setting)) {
      return setting.key();
    }
    if (env.containsKey(setting.env())) {
      return setting.env();
    }
    if (file.containsKey(setting)) {
      return setting.key() + " in " + fileName;
    }
    return setting.key();
  }

  /** Reads a setting's text; {@code origin} names where it came from, for error messages. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String origin, String text);
  }

  private static Map<Setting, String> settings(Map<String, String> values, String origin) {
    Map<Setting, String> settings = new EnumMap<>(Setting.class);
    values.forEach(
        (key, value) -> {
          String k = key.strip();
          if (CREDENTIAL.matcher(k.toLowerCase(Locale.ROOT)).matches()) {
            throw new SetupException(
                "Cannot read "
                    + origin
                    + ": '"
                    + k
                    + "' looks like a credential; AWS credentials come only from the AWS SDK's"
                    + " default provider chain (environment, ~/.aws, instance or job role)");
          }
          Setting setting =
              Setting.byKey(k)
                  .orElseThrow(
                      () ->
                          new SetupException(
                              "Cannot read "
                                  + origin
                                  + ": unknown setting '"
                                  + k
                                  + "' (known: "
                                  + Arrays.stream(Setting.values())
                                      .map(Setting::key)
                                      .collect(Collectors.joining(", "))
                                  + ")"));
          if (k.equals(setting.key()) || !settings.containsKey(setting)) {
            settings.put(setting, value.strip());
          }
        });
    return settings;
  }

  private static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new SetupException("Cannot read configuration file " + file + ": no such file");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new SetupException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    return properties.stringPropertyNames().stream()
        .collect(Collectors.toMap(k -> k, properties::getProperty));
  }

  private static Path pathOrNull(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }
}
