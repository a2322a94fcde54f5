package com.stedi.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.LongStream;
import org.apache.iceberg.util.DateTimeUtil;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LakehouseCatalogTest {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  @Test
  void timestampDaysEqualsIcebergsDaysAroundEveryDayBoundaryAndFarOut() {
    LongStream.concat(
            LongStream.rangeClosed(-3, 3)
                .flatMap(d -> LongStream.of(-1, 0, 1).map(s -> d * MICROS_PER_DAY + s)),
            LongStream.concat(
                LongStream.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, -1_000_000L),
                new Random(7).longs(100_000)))
        .forEach(
            micros ->
                assertThat(LakehouseCatalog.TimestampDays.invoke(micros))
                    .as("days of %d micros", micros)
                    .isEqualTo(DateTimeUtil.microsToDays(micros)));
  }

  @Test
  void writesLookUpTheCheaperDaysAndSqlKeepsIcebergs() throws Exception {
    LakehouseCatalog catalog = new LakehouseCatalog();
    StructType timestamp = new StructType().add("ts", DataTypes.TimestampType);

    assertThat(catalog.loadFunction(Identifier.of(new String[0], "days")).bind(timestamp))
        .isInstanceOf(LakehouseCatalog.TimestampDays.class);
    assertThat(catalog.loadFunction(Identifier.of(new String[] {"system"}, "days")).bind(timestamp))
        .isNotInstanceOf(LakehouseCatalog.TimestampDays.class);
  }
}
