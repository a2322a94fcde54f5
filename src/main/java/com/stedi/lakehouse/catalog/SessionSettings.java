package com.stedi.lakehouse.catalog;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/** Session settings changed for one piece of work, then set back as they were. */
public final class SessionSettings {
  private SessionSettings() {}

  /**
   * Runs {@code work} with these settings, a null value unsetting its key, then restores each key:
   * its former value, or unset when it had none.
   */
  public static <T> T during(SparkSession spark, Map<String, String> settings, Supplier<T> work) {
    RuntimeConfig conf = spark.conf();
    Map<String, Option<String>> before = new HashMap<>();
    settings.forEach(
        (key, value) -> {
          before.put(key, conf.getOption(key));
          set(conf, key, value);
        });
    try {
      return work.get();
    } finally {
      before.forEach((key, value) -> set(conf, key, value.isDefined() ? value.get() : null));
    }
  }

  private static void set(RuntimeConfig conf, String key, String value) {
    if (value == null) {
      conf.unset(key);
    } else {
      conf.set(key, value);
    }
  }
}
