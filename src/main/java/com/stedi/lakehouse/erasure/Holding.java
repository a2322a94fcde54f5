package com.stedi.lakehouse.erasure;

/**
 * One place that still holds rows of the subject.
 *
 * @param table the table, e.g. {@code trusted.customer}
 * @param kind {@code live} (main's current rows), {@code snapshot} (another snapshot still in the
 *     table's metadata), {@code tag} or {@code branch} (a ref whose head holds them), {@code
 *     data_file} or {@code delete_file} (a file a snapshot references), {@code unreferenced_file}
 *     (a file under the table's location that no snapshot references)
 * @param name what identifies the place: {@code main}, a snapshot id, a ref name, or a file path
 *     relative to the table's location
 * @param rows the subject's rows there
 * @param goneBy when it will be gone under the current maintenance settings
 * @param blocking true when it fails the check: anywhere but landing
 */
public record Holding(
    String table, String kind, String name, long rows, GoneBy goneBy, boolean blocking) {}
